#!/usr/bin/env bash
# measure.sh JAR [MAIN_CLASS]
#
# Measures one HTTP server jar for the webhook sidecar. The server must listen on 127.0.0.1:$PORT (PORT from the
# environment; this script sets it, default 18600) and answer any method on /push with 200 "OK" after reading the
# body, 404 elsewhere. Without MAIN_CLASS the jar is started with `java FLAGS -jar JAR`, with it
# `java FLAGS -cp JAR MAIN_CLASS`. FLAGS are the product's shipped flags (exactly):
#   -XX:+UseSerialGC -Xmx32m -Xss256k -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=16m
#   -XX:MaxMetaspaceSize=48m -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData
# (one extra start adds -Xlog:class+load only to count CDS-shared vs parsed classes).
#
# Sections (each on its own fresh JVM; SECTIONS="start load hold burst conf" by default):
#   start  STARTS (5) starts: process start -> first 200 to POST /push (Python client in this process, a new
#          connection per try, 0.5 ms pause after a refused connect); 2 s later VmRSS/RssAnon/RssFile/Threads from
#          /proc/PID/status, then `jcmd PID VM.classloader_stats` (Total classes) and `jcmd PID VM.metaspace basic`.
#   load   wrk $WRK_ARGS (-t2 -c32 -d10s) -s post1k.lua (POST /push, 1024-byte body); /proc status before/after.
#   hold   HOLD (1000) connections each sending 'POST /push HTTP/1.1\r\nHost: x\r\nContent-Le' and waiting; 3 s
#          later `jcmd GC.run` + `jcmd GC.heap_info` (used of young+old), compared with the same before; a probe
#          POST /push on a new connection with a 2 s budget; how many held ones the server closed/answered.
#   burst  BURST (2000) connections released at once, each a full POST /push; statuses, errors (30 s timeouts).
#   conf   raw-socket conformance requests, one connection each, 5 s client timeout.
# Needs: python3 (stdlib), wrk, $JAVA_HOME/bin/{java,jcmd} (default /usr/lib/jvm/temurin-25-jdk-amd64).
# Output: results/<jar name>-<UTC time>.json (+ .server.log), and a markdown summary on stdout (report.py).
# Several result files side by side: python3 report.py results/a.json results/b.json ...
set -euo pipefail
[ $# -ge 1 ] || { sed -n '2,25p' "$0"; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
export PORT=${PORT:-18600}
JAR=$(readlink -f "$1"); MAIN=${2:-}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
ulimit -n 20000 2>/dev/null || true
mkdir -p "$HERE/results"
NAME=$(basename "$JAR" .jar)${TAG:+-$TAG}
OUT="$HERE/results/$NAME-$(date -u +%Y%m%dT%H%M%SZ).json"
python3 "$HERE/measure.py" "$JAR" "$MAIN" "$OUT"
python3 "$HERE/report.py" "$OUT"
