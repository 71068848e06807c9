#!/usr/bin/env python3
"""Measurement driver used by measure.sh (see there for usage). Python 3.11, stdlib only.

Every number comes from one of: time.monotonic() in this process, /proc/PID/status, jcmd against the
server's PID, or wrk. Each section that can damage the server runs on a fresh JVM.
"""
import asyncio
import json
import os
import re
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

FLAGS = ("-XX:+UseSerialGC -Xmx32m -Xss256k -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 "
         "-XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=48m -XX:+ExitOnOutOfMemoryError "
         "-XX:-UsePerfData").split()

JAVA_HOME = os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")
JAVA = os.path.join(JAVA_HOME, "bin", "java")
JCMD = os.path.join(JAVA_HOME, "bin", "jcmd")
HOST = "127.0.0.1"
PORT = int(os.environ.get("PORT", "18600"))
STARTS = int(os.environ.get("STARTS", "5"))
WRK_ARGS = os.environ.get("WRK_ARGS", "-t2 -c32 -d10s")
HOLD = int(os.environ.get("HOLD", "1000"))
BURST = int(os.environ.get("BURST", "2000"))
SECTIONS = os.environ.get("SECTIONS", "start load hold burst conf").split()
HERE = os.path.dirname(os.path.abspath(__file__))

VALID = b"POST /push HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"


def log(*a):
    print(*a, file=sys.stderr, flush=True)


class Server:
    def __init__(self, jar, main, logpath, extra=()):
        cmd = [JAVA, *FLAGS, *extra]
        cmd += ["-cp", jar, main] if main else ["-jar", jar]
        self.cmd = cmd
        env = dict(os.environ, PORT=str(PORT))
        self.logf = open(logpath, "ab")
        self.t0 = time.monotonic()
        self.p = subprocess.Popen(cmd, env=env, stdout=self.logf, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL)
        self.pid = self.p.pid

    def alive(self):
        return self.p.poll() is None

    def stop(self):
        if self.alive():
            self.p.send_signal(signal.SIGTERM)
            try:
                self.p.wait(5)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()
        self.logf.close()
        # wait until the port is free again
        for _ in range(200):
            try:
                s = socket.create_connection((HOST, PORT), 0.05)
                s.close()
                time.sleep(0.05)
            except OSError:
                return

    def exit_code(self):
        return self.p.poll()


def one_request(data=VALID, timeout=2.0):
    """Blocking: send data on a fresh connection, return (status or None, error or None)."""
    s = socket.create_connection((HOST, PORT), timeout)
    try:
        s.settimeout(timeout)
        s.sendall(data)
        buf = b""
        while b"\r\n" not in buf and len(buf) < 4096:
            chunk = s.recv(4096)
            if not chunk:
                break
            buf += chunk
        m = re.match(rb"HTTP/\d\.\d (\d{3})", buf)
        return (int(m.group(1)) if m else None), (None if m else "no status: %r" % buf[:60])
    finally:
        s.close()


def wait_first_answer(srv, limit=30.0):
    """Tight loop: connect+POST /push until a 200; 0.5 ms pause after a refused connect."""
    tries = 0
    while time.monotonic() - srv.t0 < limit:
        if not srv.alive():
            return None, tries
        tries += 1
        try:
            st, _ = one_request(timeout=1.0)
            if st == 200:
                return (time.monotonic() - srv.t0) * 1000.0, tries
        except OSError:
            pass
        time.sleep(0.0005)
    return None, tries


def proc_status(pid):
    out = {}
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in ("VmRSS", "VmHWM", "RssAnon", "RssFile", "RssShmem", "Threads"):
                    out[k] = int(v.split()[0])  # kB (Threads: count)
    except FileNotFoundError:
        pass
    return out


def jcmd(pid, *args):
    r = subprocess.run([JCMD, str(pid), *args], capture_output=True, text=True, timeout=60)
    return r.stdout + r.stderr


def heap_used_kb(pid):
    txt = jcmd(pid, "GC.heap_info")
    used = 0
    found = False
    for m in re.finditer(r"^\s*(\S+)\s+total (\d+)K, used (\d+)K", txt, re.M):
        used += int(m.group(3))
        found = True
    return used if found else None


def classes_and_metaspace(pid):
    out = {}
    txt = jcmd(pid, "VM.classloader_stats")
    m = re.search(r"^Total = (\d+)\s+(\d+)\s+(\d+)\s+(\d+)", txt, re.M)
    if m:
        out["loaders"] = int(m.group(1))
        out["classes"] = int(m.group(2))
    txt = jcmd(pid, "VM.metaspace", "basic")
    m = re.search(r"Metaspace\s+used (\d+)K, committed (\d+)K", txt)
    if m:
        out["meta_used_kb"] = int(m.group(1))
        out["meta_committed_kb"] = int(m.group(2))
    m = re.search(r"class space\s+used (\d+)K, committed (\d+)K", txt)
    if m:
        out["classspace_used_kb"] = int(m.group(1))
    return out


def cpu_busy_pct(sec):
    """Whole-machine CPU busy % over sec seconds (from /proc/stat)."""
    def snap():
        v = [int(x) for x in open("/proc/stat").readline().split()[1:9]]
        return v[3] + v[4], sum(v)
    i0, t0 = snap()
    time.sleep(sec)
    i1, t1 = snap()
    return round(100.0 * (1 - (i1 - i0) / max(1, t1 - t0)), 1)


QUIET_MAX = float(os.environ.get("QUIET_MAX", "180"))


def wait_quiet():
    """Before a timing-sensitive run (no server of ours is running then): wait until the machine is < 10 % busy
    over 3 s, for at most QUIET_MAX s. Returns the last busy % seen (recorded with the run)."""
    t = time.monotonic()
    while True:
        b = cpu_busy_pct(3.0)
        if b < 10 or time.monotonic() - t > QUIET_MAX:
            if b >= 10:
                log("  machine still %s %% busy after %s s; measuring anyway" % (b, QUIET_MAX))
            return b


# ---------------------------------------------------------------- sections

def sec_start(jar, main, logp, res):
    runs = []
    for i in range(STARTS):
        busy = wait_quiet()
        srv = Server(jar, main, logp)
        ms, tries = wait_first_answer(srv)
        t_first = time.monotonic()
        row = {"start_ms": ms, "tries": tries, "pre_busy_pct": busy}
        if ms is not None:
            time.sleep(max(0.0, 2.0 - (time.monotonic() - t_first)))
            row.update(proc_status(srv.pid))
            row.update(classes_and_metaspace(srv.pid))
        runs.append(row)
        log("  start run %d: %s" % (i + 1, row))
        srv.stop()
    # class-load log (one extra run, with one extra flag, only to split CDS vs parsed classes)
    clog = logp + ".classload"
    if os.path.exists(clog):
        os.remove(clog)
    srv = Server(jar, main, logp, extra=["-Xlog:class+load=info:file=" + clog])
    ms, _ = wait_first_answer(srv)
    time.sleep(2.0)
    srv.stop()
    total = shared = 0
    if os.path.exists(clog):
        with open(clog, errors="replace") as f:
            for line in f:
                if "class,load" in line:
                    total += 1
                    if "shared objects file" in line:
                        shared += 1
    ok = [r for r in runs if r.get("start_ms") is not None]

    def med(k):
        v = [r[k] for r in ok if k in r]
        return statistics.median(v) if v else None

    res["start"] = {
        "runs": runs,
        "start_ms_median": med("start_ms"),
        "start_ms_all": [round(r["start_ms"], 1) if r.get("start_ms") else None for r in runs],
        "pre_busy_pct_all": [r.get("pre_busy_pct") for r in runs],
        "idle_VmRSS_kb_median": med("VmRSS"), "idle_RssAnon_kb_median": med("RssAnon"),
        "idle_RssFile_kb_median": med("RssFile"), "idle_Threads_median": med("Threads"),
        "classes_median": med("classes"), "meta_used_kb_median": med("meta_used_kb"),
        "meta_committed_kb_median": med("meta_committed_kb"),
        "xlog_class_load_lines": total, "xlog_class_load_shared": shared,
    }


def sec_load(jar, main, logp, res):
    runs = []
    for i in range(int(os.environ.get("LOAD_RUNS", "3"))):
        out = {}
        _load_once(jar, main, logp, out)
        log("   load run", i + 1, out.get("rps"), out.get("after"))
        runs.append(out)
    ok = sorted([r for r in runs if r.get("rps") is not None], key=lambda r: r["rps"])
    res["load"] = ok[len(ok) // 2] if ok else runs[0]  # the run with the median requests/s
    res["load_runs"] = [{k: r.get(k) for k in ("rps", "non2xx", "socket_errors", "after", "alive", "pre_busy_pct")} for r in runs]


def _load_once(jar, main, logp, out):
    out["pre_busy_pct"] = wait_quiet()
    srv = Server(jar, main, logp)
    ms, _ = wait_first_answer(srv)
    out["start_ms"] = ms
    time.sleep(2.0)
    out["before"] = proc_status(srv.pid)
    lua = os.path.join(HERE, "post1k.lua")
    cmd = ["wrk", *WRK_ARGS.split(), "-s", lua, "http://%s:%d/push" % (HOST, PORT)]
    out["cmd"] = " ".join(cmd)
    r = subprocess.run(cmd, capture_output=True, text=True)
    txt = r.stdout + r.stderr
    out["after"] = proc_status(srv.pid)
    out["wrk_raw"] = txt
    m = re.search(r"Requests/sec:\s+([\d.]+)", txt)
    out["rps"] = float(m.group(1)) if m else None
    m = re.search(r"(\d+) requests in", txt)
    out["requests"] = int(m.group(1)) if m else None
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", txt)
    out["non2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", txt)
    out["socket_errors"] = [int(x) for x in m.groups()] if m else [0, 0, 0, 0]
    m = re.search(r"Latency\s+(\S+)\s+(\S+)\s+(\S+)", txt)
    out["latency_avg_sd_max"] = list(m.groups()) if m else None
    out["alive"] = srv.alive()
    if out["alive"]:
        out.update(classes_and_metaspace(srv.pid))
        out["heap_used_kb_after_load_no_gc"] = heap_used_kb(srv.pid)
    out["exit"] = srv.exit_code()
    srv.stop()


async def _hold(steps, prefix, srv, out):
    """Open connections up to each step's total, each sending prefix and then waiting; 3 s after each step
    force a GC and read the heap, RSS, and probe with a normal POST on a new connection (2 s budget)."""
    srvpid = srv.pid
    sem = asyncio.Semaphore(200)
    conns = []
    errors = {}
    closed = {"eof": 0, "data": 0}
    first_data = []
    loop = asyncio.get_running_loop()

    async def opener():
        async with sem:
            try:
                r, w = await asyncio.wait_for(asyncio.open_connection(HOST, PORT), 15)
                w.write(prefix)
                await w.drain()
                conns.append((r, w))
                watchers.append(asyncio.ensure_future(watcher(r)))
            except Exception as e:
                k = type(e).__name__
                errors[k] = errors.get(k, 0) + 1

    async def watcher(r):
        try:
            d = await r.read(200)
            if d:
                closed["data"] += 1
                if len(first_data) < 3:
                    first_data.append(d[:60].decode("latin-1"))
            else:
                closed["eof"] += 1
        except asyncio.CancelledError:
            raise
        except Exception:
            closed["eof"] += 1

    watchers = []
    out["steps"] = []
    for n in steps:
        step = {"target": n}
        t = time.monotonic()
        await asyncio.gather(*(opener() for _ in range(n - len(conns))))
        step["open_s"] = round(time.monotonic() - t, 2)
        step["opened_total"] = len(conns)
        step["open_errors"] = dict(errors)
        await asyncio.sleep(3.0)
        step["alive_before_gc"] = srv.alive()
        if srv.alive():
            step["heap_used_kb"] = await loop.run_in_executor(None, lambda: (jcmd(srvpid, "GC.run"), heap_used_kb(srvpid))[1])
            step["status"] = proc_status(srvpid)
            hist = await loop.run_in_executor(None, lambda: jcmd(srvpid, "GC.class_histogram", "-all"))
            step["histogram_top"] = [l.strip() for l in hist.splitlines()[1:12]]
        t = time.monotonic()
        try:
            st, err = await loop.run_in_executor(None, lambda: one_request(timeout=2.0))
            step["probe"] = {"status": st, "err": err, "ms": round((time.monotonic() - t) * 1000, 1)}
        except Exception as e:
            step["probe"] = {"status": None, "err": type(e).__name__, "ms": round((time.monotonic() - t) * 1000, 1)}
        step["held_closed_by_server_eof"] = closed["eof"]
        step["held_answered_by_server"] = closed["data"]
        step["held_answer_sample"] = list(first_data)
        step["alive"] = srv.alive()
        hb, hh = out.get("heap_used_kb_before"), step.get("heap_used_kb")
        if hb is not None and hh is not None and step["opened_total"]:
            step["heap_bytes_per_held"] = round((hh - hb) * 1024 / step["opened_total"])
        rb, rh = out["status_before"].get("VmRSS"), step.get("status", {}).get("VmRSS")
        if rb and rh and step["opened_total"]:
            step["rss_bytes_per_held"] = round((rh - rb) * 1024 / step["opened_total"])
        out["steps"].append(step)
        log("   hold step", step)
        if not srv.alive():
            break
    for wt in watchers:
        wt.cancel()
    for _, w in conns:
        w.transport.abort()


def sec_hold(jar, main, logp, res):
    srv = Server(jar, main, logp)
    ms, _ = wait_first_answer(srv)
    time.sleep(2.0)
    out = {"start_ms": ms}
    jcmd(srv.pid, "GC.run")
    out["heap_used_kb_before"] = heap_used_kb(srv.pid)
    out["status_before"] = proc_status(srv.pid)
    prefix = b"POST /push HTTP/1.1\r\nHost: x\r\nContent-Le"
    steps = [int(x) for x in os.environ.get("HOLD_STEPS", "100 500 %d" % HOLD).split()]
    asyncio.run(_hold(steps, prefix, srv, out))
    time.sleep(0.5)
    out["alive"] = srv.alive()
    out["exit"] = srv.exit_code()
    if out["alive"]:
        try:
            out["after_release_status"] = one_request()[0]
        except OSError as e:
            out["after_release_status"] = type(e).__name__
    srv.stop()
    with open(logp, errors="replace") as f:
        out["log_tail"] = f.read()[-600:]
    res["hold"] = out


async def _burst(n, out):
    statuses = {}
    errors = {}
    lat = []
    gate = asyncio.Event()

    async def one():
        await gate.wait()
        t = time.monotonic()
        try:
            r, w = await asyncio.wait_for(asyncio.open_connection(HOST, PORT), 30)
        except Exception as e:
            k = "connect:" + type(e).__name__
            errors[k] = errors.get(k, 0) + 1
            return
        try:
            w.write(VALID)
            await w.drain()
            line = await asyncio.wait_for(r.readline(), 30)
            m = re.match(rb"HTTP/\d\.\d (\d{3})", line)
            if m:
                k = int(m.group(1))
                statuses[k] = statuses.get(k, 0) + 1
                lat.append(time.monotonic() - t)
            else:
                k = "closed-no-status" if not line else "garbage"
                errors[k] = errors.get(k, 0) + 1
        except Exception as e:
            k = "io:" + type(e).__name__
            errors[k] = errors.get(k, 0) + 1
        finally:
            w.transport.abort()

    tasks = [asyncio.ensure_future(one()) for _ in range(n)]
    await asyncio.sleep(0.1)
    t = time.monotonic()
    gate.set()
    await asyncio.gather(*tasks)
    out["wall_s"] = round(time.monotonic() - t, 2)
    out["statuses"] = statuses
    out["errors"] = errors
    if lat:
        lat.sort()
        out["lat_ms_p50_p99_max"] = [round(lat[len(lat) // 2] * 1000), round(lat[int(len(lat) * 0.99) - 1] * 1000),
                                     round(lat[-1] * 1000)]


def sec_burst(jar, main, logp, res):
    runs = []
    for i in range(int(os.environ.get("BURST_RUNS", "3"))):
        out = {}
        _burst_once(jar, main, logp, out)
        log("   burst run", i + 1, {k: out.get(k) for k in ("statuses", "errors", "alive", "exit")})
        runs.append(out)
    res["burst"] = runs[0]
    res["burst_runs"] = runs


def _burst_once(jar, main, logp, out):
    srv = Server(jar, main, logp)
    ms, _ = wait_first_answer(srv)
    time.sleep(1.0)
    out.update({"start_ms": ms, "n": BURST})
    asyncio.run(_burst(BURST, out))
    time.sleep(0.5)
    out["alive"] = srv.alive()
    out["exit"] = srv.exit_code()
    out["status_after"] = proc_status(srv.pid)
    if out["alive"]:
        try:
            out["after_status"] = one_request()[0]
        except OSError as e:
            out["after_status"] = type(e).__name__
    srv.stop()


# ---------------------------------------------------------------- conformance

def H(*lines, body=b"", eol=b"\r\n"):
    return eol.join(l if isinstance(l, bytes) else l.encode("latin-1") for l in lines) + eol + eol + body


def conformance_cases():
    big1m = b"a" * (1024 * 1024)
    c = [
        ("baseline POST /push CL 2", H("POST /push HTTP/1.1", "Host: x", "Content-Length: 2", body=b"{}")),
        ("baseline GET /nope", H("GET /nope HTTP/1.1", "Host: x")),
        ("no Host, CL 0", H("POST /push HTTP/1.1", "Content-Length: 0")),
        ("HTTP/9.9", H("POST /push HTTP/9.9", "Host: x", "Content-Length: 0")),
        ("CL: +5", H("POST /push HTTP/1.1", "Host: x", "Content-Length: +5", body=b"hello")),
        ("CL: 5, 5", H("POST /push HTTP/1.1", "Host: x", "Content-Length: 5, 5", body=b"hello")),
        ("CL 5 + CL 6", H("POST /push HTTP/1.1", "Host: x", "Content-Length: 5", "Content-Length: 6", body=b"hello!")),
        ("CL 5 + TE chunked", H("POST /push HTTP/1.1", "Host: x", "Content-Length: 5", "Transfer-Encoding: chunked",
                                body=b"0\r\n\r\n")),
        ("TE: chunked, identity", H("POST /push HTTP/1.1", "Host: x", "Transfer-Encoding: chunked, identity",
                                    body=b"5\r\nhello\r\n0\r\n\r\n")),
        ("TE: gzip", H("POST /push HTTP/1.1", "Host: x", "Transfer-Encoding: gzip", body=b"hello")),
        ("chunk size zz", H("POST /push HTTP/1.1", "Host: x", "Transfer-Encoding: chunked",
                            body=b"zz\r\nhello\r\n0\r\n\r\n")),
        ("chunk size FFFFFFFFFFFFFFFFFF", H("POST /push HTTP/1.1", "Host: x", "Transfer-Encoding: chunked",
                                            body=b"FFFFFFFFFFFFFFFFFF\r\nhello\r\n0\r\n\r\n")),
        ("bare LF everywhere", H("POST /push HTTP/1.1", "Host: x", "Content-Length: 5", body=b"hello", eol=b"\n")),
        ("request line 64 KiB", H("GET /" + "a" * 65536 + " HTTP/1.1", "Host: x")),
        ("10,000 headers X-N: v", H("POST /push HTTP/1.1", "Host: x", *(["X-N: v"] * 10000), "Content-Length: 0")),
        ("one 1 MiB header", H("POST /push HTTP/1.1", "Host: x", b"X-Big: " + big1m, "Content-Length: 0")),
        ("method with ESC+CR", H(b"PO\x1bS\rT /push HTTP/1.1", "Host: x", "Content-Length: 0")),
        ("method 10 KiB letters", H("P" * 10240 + " /push HTTP/1.1", "Host: x", "Content-Length: 0")),
        ("obs-fold header (GET)", H("GET /push HTTP/1.1", "Host: x", "X-A: a", " folded")),
        ("space before colon (Host : x)", H("GET /push HTTP/1.1", "Host : x")),
        ("HTTP/1.0 no Host", H("POST /push HTTP/1.0", "Content-Length: 0")),
        ("20 MiB body, CL", None),  # special
        ("Expect: 100-continue CL 10", None),  # special
    ]
    return c


def raw_exchange(data, total_timeout=5.0, quiet=0.5):
    """Send data on a new connection (in a thread, so a server that answers early is seen) and read.
    Returns dict: statuses (all status lines seen), outcome (answered/close/reset/timeout), ms (to first byte
    or close/reset), send_error."""
    s = socket.create_connection((HOST, PORT), 5)
    s.settimeout(0.05)
    t0 = time.monotonic()
    send_err = []

    # sendall on a socket with a timeout: use a dup with blocking mode for the sender
    s2 = s.dup()
    s2.settimeout(total_timeout)

    def sender2():
        try:
            if isinstance(data, bytes):
                s2.sendall(data)
            else:
                data(s2)
        except Exception as e:
            send_err.append(type(e).__name__)

    th = threading.Thread(target=sender2, daemon=True)
    th.start()
    buf = b""
    first = None
    outcome = None
    last = time.monotonic()
    while True:
        now = time.monotonic()
        if now - t0 > total_timeout:
            outcome = outcome or ("timeout" if not buf else "answered (conn kept open)")
            break
        if buf and now - last > quiet and re.search(rb"\r\n\r\n", buf):
            outcome = "answered (conn kept open)"
            break
        try:
            d = s.recv(65536)
        except socket.timeout:
            continue
        except ConnectionResetError:
            outcome = "answered, then RST" if buf else "RST"
            first = first or time.monotonic()
            break
        except OSError as e:
            outcome = type(e).__name__
            break
        now = time.monotonic()
        if not d:
            outcome = "answered, then close" if buf else "close (no answer)"
            first = first or now
            break
        if first is None:
            first = now
        buf += d
        last = now
    try:
        s.close()
        s2.close()
    except OSError:
        pass
    statuses = [x.decode() for x in re.findall(rb"HTTP/\d\.\d \d{3}[^\r\n]*", buf)]
    return {"statuses": statuses, "outcome": outcome,
            "ms": round(((first or time.monotonic()) - t0) * 1000, 1),
            "send_error": send_err[0] if send_err else None, "bytes": len(buf),
            "head": buf[:300].decode("latin-1")}


def expect_case():
    s = socket.create_connection((HOST, PORT), 5)
    s.settimeout(5)
    t0 = time.monotonic()
    s.sendall(H("POST /push HTTP/1.1", "Host: x", "Content-Length: 10", "Expect: 100-continue"))
    got100 = None
    buf = b""
    s.settimeout(2.0)
    try:
        while b"\r\n\r\n" not in buf:
            d = s.recv(4096)
            if not d:
                break
            buf += d
        got100 = (buf[:60].decode("latin-1").splitlines() or ["(close)"])[0]
        t100 = round((time.monotonic() - t0) * 1000, 1)
    except socket.timeout:
        got100, t100 = "(nothing in 2 s)", None
    except ConnectionResetError:
        got100, t100 = "RST", None
    pre = buf
    t1 = time.monotonic()
    final = None
    try:
        s.sendall(b"0123456789")
        s.settimeout(5)
        buf = pre.split(b"\r\n\r\n", 1)[1] if b" 100 " in pre[:20] else b""
        while not re.search(rb"HTTP/\d\.\d (?!100)\d{3}", buf):
            d = s.recv(4096)
            if not d:
                break
            buf += d
        m = re.search(rb"HTTP/\d\.\d (?!100)\d{3}[^\r\n]*", buf)
        final = m.group(0).decode() if m else "(none)"
        if not m and re.search(rb"HTTP/\d\.\d (?!100)\d{3}", pre):
            final = "final sent before body: " + re.search(rb"HTTP/\d\.\d \d{3}[^\r\n]*", pre).group(0).decode()
    except Exception as e:
        final = type(e).__name__
    s.close()
    return {"statuses": [got100, final], "outcome": "interim: %s (%s ms); final after body: %s (%s ms after body)"
            % (got100, t100, final, round((time.monotonic() - t1) * 1000, 1)), "ms": t100, "send_error": None}


def big_body_case():
    head = H("POST /push HTTP/1.1", "Host: x", "Content-Length: %d" % (20 * 1024 * 1024))
    chunk = b"a" * 65536
    sent = [0]

    def send(sock):
        sock.sendall(head)
        for _ in range(320):
            sock.sendall(chunk)
            sent[0] += len(chunk)

    r = raw_exchange(send, total_timeout=10.0)
    time.sleep(0.2)
    r["body_bytes_sent"] = sent[0]
    return r


def sec_conf(jar, main, logp, res):
    srv = Server(jar, main, logp)
    ms, _ = wait_first_answer(srv)
    time.sleep(1.0)
    rows = []
    for name, data in conformance_cases():
        if not srv.alive():
            log("  server died; restarting for", name)
            srv.stop()
            srv = Server(jar, main, logp)
            wait_first_answer(srv)
        try:
            if name.startswith("20 MiB"):
                r = big_body_case()
            elif name.startswith("Expect"):
                r = expect_case()
            else:
                r = raw_exchange(data)
        except Exception as e:
            r = {"statuses": [], "outcome": "client error " + repr(e), "ms": None, "send_error": None}
        r["name"] = name
        r["alive_after"] = srv.alive()
        rows.append(r)
        log("  %-34s %s" % (name, {k: r.get(k) for k in ("statuses", "outcome", "ms", "send_error")}))
    res["conf"] = {"rows": rows, "alive_end": srv.alive(), "status_end": proc_status(srv.pid)}
    srv.stop()


def main():
    jar, main_cls, outjson = sys.argv[1], (sys.argv[2] or None), sys.argv[3]
    logp = outjson[:-5] + ".server.log"
    res = {"jar": jar, "main": main_cls, "jar_bytes": os.path.getsize(jar), "flags": " ".join(FLAGS),
           "port": PORT, "java": JAVA,
           "cmd": " ".join(shlex.quote(x) for x in ([JAVA, *FLAGS] + (["-cp", jar, main_cls] if main_cls else ["-jar", jar])))}
    for s in SECTIONS:
        log("== section", s)
        la0 = open("/proc/loadavg").read().split()[0]
        globals()["sec_" + s](jar, main_cls, logp, res)
        res.setdefault("loadavg_1min_before_after", {})[s] = [float(la0), float(open("/proc/loadavg").read().split()[0])]
        with open(outjson, "w") as f:
            json.dump(res, f, indent=1)
    log("wrote", outjson)


if __name__ == "__main__":
    main()
