// startprobe starts a command, POSTs a webhook to it every millisecond until one answers 200, and prints the
// time from process start to that answer. It then waits half a second, reads VmRSS of the process, stops it with
// SIGTERM and prints:  startup_ms=<float> rss_kb=<int> status=<first 200 or last status>
package main

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

func rssKB(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			var kb int
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(line, "VmRSS:")), "%d", &kb)
			return kb
		}
	}
	return -1
}

func main() {
	if len(os.Args) < 4 {
		fmt.Fprintln(os.Stderr, "usage: startprobe URL BODYFILE COMMAND [ARGS...]")
		os.Exit(2)
	}
	url, bodyFile, argv := os.Args[1], os.Args[2], os.Args[3:]
	body, err := os.ReadFile(bodyFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	client := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := start.Add(20 * time.Second)
	var elapsed time.Duration
	ok := false
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			fmt.Fprintf(os.Stderr, "process ended before answering: %v\n", err)
			fmt.Println("startup_ms=NaN rss_kb=-1 status=exited")
			os.Exit(1)
		default:
		}
		resp, err := client.Post(url, "application/json", bytes.NewReader(body))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				elapsed = time.Since(start)
				ok = true
				break
			}
		}
		time.Sleep(time.Millisecond)
	}
	rss := -1
	if ok {
		time.Sleep(500 * time.Millisecond)
		rss = rssKB(cmd.Process.Pid)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		<-exited
	}
	if !ok {
		fmt.Println("startup_ms=NaN rss_kb=-1 status=timeout")
		os.Exit(1)
	}
	fmt.Printf("startup_ms=%.1f rss_kb=%d status=200\n", float64(elapsed.Microseconds())/1000, rss)
}
