#!/usr/bin/env bash
# Benchmark of the bridge, run on demand (never part of the tests or CI).
#
#   bench/run.sh                      # everything: flags compare latency memlimit (about 8 to 9 minutes)
#   bench/run.sh flags                # only the JVM flag sets (start-up, idle RSS, one load run each)
#   bench/run.sh compare latency      # only the Java/Go comparison and the added latency
#
# Sections: flags, compare, latency, memlimit. Environment knobs:
#   GO_PEER_DIR   folder with the Go program to compare against (built here); unset = Go side skipped
#   DURATION      wrk run length (default 10s); REPEAT  runs per comparison cell (default 2)
#   CONNS         wrk connections (default 64); STARTS  start-up repetitions per flag set (default 5)
#   MEMLIMITS     container memory limits to try, MiB (default "64 160")
#   FLAGSETS      flag sets to measure in "flags" (default "a c e f h i j k"; b, d, g also exist); REC  set used
#                 elsewhere (default e, the release archive's launcher as shipped)
#   JAVA_HOME     JDK 25 (a JDK 21 works for a, b and e; c and d need 25)
# Every server listens on 127.0.0.1 only (the Go program binds its port on all interfaces; it is only
# ever called on 127.0.0.1). Nothing is left running: everything started here is stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
DURATION=${DURATION:-10s}
REPEAT=${REPEAT:-2}
CONNS=${CONNS:-64}
STARTS=${STARTS:-5}
MEMLIMITS=${MEMLIMITS:-"64 160"}
FLAGSETS=${FLAGSETS:-"a c e f h i j k"}
REC=${REC:-e}
SECTIONS=${*:-"flags compare latency memlimit"}
P_HTTP=18480 P_TLS=18443 P_BRIDGE=18481 P_GO=18482
STAMP=$(date -u +%Y-%m-%dT%H%M%SZ)
RESULTS=$BENCH/results
OUT=$RESULTS/$STAMP.md
RAW=$RESULTS/$STAMP.tsv
WORK=$(mktemp -d /tmp/kumapush-bench.XXXXXX)
PIDS=()
CGROUP=

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    if [[ -n $CGROUP && -d $CGROUP ]]; then rmdir "$CGROUP" 2>/dev/null || true; fi
    # The end of the bridge's log (warnings and errors only) is kept beside the results, for any death to explain.
    if [[ -s $WORK/bridge.log && -d $RESULTS ]]; then tail -n 300 "$WORK/bridge.log" >"$RESULTS/$STAMP.bridge-tail.log"; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- tools
install_tools() {
    local missing=()
    command -v nginx >/dev/null || missing+=(nginx)
    command -v wrk >/dev/null || missing+=(wrk)
    command -v go >/dev/null || missing+=(golang-go)
    command -v openssl >/dev/null || missing+=(openssl)
    command -v curl >/dev/null || missing+=(curl)
    if ((${#missing[@]})); then
        log "installing ${missing[*]}"
        local sudo=""; [[ $(id -u) == 0 ]] || sudo=sudo
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    if [[ -z ${JAVA_HOME:-} ]]; then
        JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    fi
    export JAVA_HOME
    JDK_JAVA=$JAVA_HOME/bin/java
    [[ -x $JAVA_HOME/bin/jlink ]] || { echo "JAVA_HOME=$JAVA_HOME is not a JDK (no jlink)" >&2; exit 2; }
}

build() {
    log "building the bridge and its release archive"
    (cd "$ROOT" && ./mvnw -B -q -DskipTests -Prelease package)
    JAR=$ROOT/target/alertmanager-uptime-kuma-push.jar
    log "building the start-up probe"
    (cd "$BENCH/startprobe" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w" -o "$WORK/startprobe" .)
    GO_BIN=
    if [[ -n ${GO_PEER_DIR:-} ]]; then
        log "building the Go peer from $GO_PEER_DIR"
        (cd "$GO_PEER_DIR" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$WORK/go-peer" .)
        GO_BIN=$WORK/go-peer
    else
        log "GO_PEER_DIR is not set: the Go side of the comparison is skipped"
    fi
}

# ---------------------------------------------------------------- upstream (stands in for Kuma)
start_nginx() {
    mkdir -p "$WORK/nginx/logs"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
        -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
        -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
    cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    keepalive_requests 1000000;
    keepalive_timeout 60s;
    server {
        listen 127.0.0.1:$P_HTTP;
        listen 127.0.0.1:$P_TLS ssl;
        ssl_certificate $WORK/cert.pem;
        ssl_certificate_key $WORK/key.pem;
        location /api/push/ { default_type application/json; return 200 '{"ok":true}'; }
        location / { return 404; }
    }
}
EOF
    nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
    PIDS+=("$!")
    for _ in $(seq 50); do [[ -s $WORK/nginx.pid ]] && break; sleep 0.1; done
    curl -fsS "http://127.0.0.1:$P_HTTP/api/push/x" >/dev/null
    curl -fsS --cacert "$WORK/cert.pem" "https://127.0.0.1:$P_TLS/api/push/x" >/dev/null
    URL_HTTP="http://127.0.0.1:$P_HTTP/api/push/TOKEN?status=up&msg=OK&ping="
    URL_TLS="https://127.0.0.1:$P_TLS/api/push/TOKEN?status=up&msg=OK&ping="
    log "nginx answers on 127.0.0.1:$P_HTTP (HTTP) and 127.0.0.1:$P_TLS (TLS, self-signed)"
}

# ---------------------------------------------------------------- runtimes and flag sets
# b: the launcher's flags before tuning; c: the flags the launcher and the image ship (jvm.flags in pom.xml).
FLAGS_B="-XX:+UseSerialGC -Xss256k -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError -Xmx48m -XX:-UsePerfData"
FLAGS_C=$(sed -n 's:.*<jvm.flags>\(.*\)</jvm.flags>.*:\1:p' "$ROOT/pom.xml")
[[ -n $FLAGS_C ]] || { echo "no <jvm.flags> in pom.xml" >&2; exit 2; }

make_jlink() {
    [[ -x $WORK/jre/bin/java ]] && return
    local archive
    archive=$(ls "$ROOT"/target/release/*_linux_*.tar.gz)
    log "runtime of the release archive $(basename "$archive")"
    mkdir -p "$WORK/rel"
    tar -xzf "$archive" -C "$WORK/rel"
    ln -s "$(ls -d "$WORK"/rel/*/runtime)" "$WORK/jre"
    JLINK_MODS=$(grep '^MODULES=' "$WORK/jre/release" | cut -d'"' -f2 | tr ' ' ',')
    JLINK_SIZE=$(du -smL "$WORK/jre" | cut -f1)
    JDK_SIZE=$(du -sm "$JAVA_HOME" | cut -f1)
}

# train_aot JAVA FLAGS OUTPUT: a short run with real traffic; the cache is written when the JVM ends.
train_aot() {
    local java=$1 flags=$2 out=$3
    [[ -f $out ]] && return
    log "AOT training run for $out"
    # shellcheck disable=SC2086
    env UPTIME_KUMA_URL="$URL_TLS" UPTIME_KUMA_CA_FILE="$WORK/cert.pem" LISTEN_ADDRESS="127.0.0.1:$P_BRIDGE" \
        LOG_LEVEL=warn MAX_CONCURRENT_WEBHOOKS=1024 \
        "$java" $flags -XX:AOTCacheOutput="$out" -jar "$JAR" >"$WORK/aot-train.log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    wait_ready "$P_BRIDGE" "$pid"
    run_wrk "$P_BRIDGE" distinct 3s 16 >/dev/null
    run_wrk "$P_BRIDGE" identical 1s 16 >/dev/null
    curl -s -o /dev/null "http://127.0.0.1:$P_BRIDGE/metrics" || true
    curl -s -o /dev/null "http://127.0.0.1:$P_BRIDGE/healthz" || true
    kill -TERM "$pid"
    for _ in $(seq 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    wait "$pid" 2>/dev/null || true
    [[ -f $out ]] || { log "no AOT cache was written; see below"; tail -20 "$WORK/aot-train.log" >&2; exit 1; }
}

# launcher_of_archive: the release archive's launcher, as users start it (runtime, flags, class data)
launcher_of_archive() {
    make_jlink
    LAUNCHER=$(ls "$WORK"/rel/*/bin/alertmanager-uptime-kuma-push)
    ARCHIVE_JAR=$(ls "$WORK"/rel/*/lib/alertmanager-uptime-kuma-push.jar)
}

# train_launcher_aot OUTPUT: the launcher's AOT_CACHE opt-in, recorded by a short run with real traffic
train_launcher_aot() {
    local out=$1
    [[ -f $out ]] && return
    log "AOT_CACHE training run for $out"
    env UPTIME_KUMA_URL="$URL_TLS" UPTIME_KUMA_CA_FILE="$WORK/cert.pem" LISTEN_ADDRESS="127.0.0.1:$P_BRIDGE" \
        LOG_LEVEL=warn MAX_CONCURRENT_WEBHOOKS=1024 AOT_CACHE="$out" "$LAUNCHER" >"$WORK/aot-train.log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    wait_ready "$P_BRIDGE" "$pid"
    run_wrk "$P_BRIDGE" distinct 3s 16 >/dev/null
    run_wrk "$P_BRIDGE" identical 1s 16 >/dev/null
    curl -s -o /dev/null "http://127.0.0.1:$P_BRIDGE/metrics" || true
    kill -TERM "$pid"
    for _ in $(seq 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    wait "$pid" 2>/dev/null || true
    [[ -f $out ]] || { log "no AOT cache was written; see below"; tail -20 "$WORK/aot-train.log" >&2; exit 1; }
}

# set_runtime SET: sets RT_JAVA, RT_FLAGS, RT_TAIL (what follows the flags) and RT_ENV for a flag set
set_runtime() {
    RT_ENV=()
    RT_TAIL=(-jar "$JAR")
    case $1 in
    a) RT_JAVA=$JDK_JAVA RT_FLAGS="" ;;
    b) RT_JAVA=$JDK_JAVA RT_FLAGS=$FLAGS_B ;;
    c) RT_JAVA=$JDK_JAVA RT_FLAGS=$FLAGS_C ;;
    d) train_aot "$JDK_JAVA" "$FLAGS_C" "$WORK/jdk.aot"
       RT_JAVA=$JDK_JAVA RT_FLAGS="$FLAGS_C -XX:AOTCache=$WORK/jdk.aot" ;;
    e) launcher_of_archive; RT_JAVA=$LAUNCHER RT_FLAGS="" RT_TAIL=() ;;
    f) launcher_of_archive; train_launcher_aot "$WORK/launcher.aot"
       RT_JAVA=$LAUNCHER RT_FLAGS="" RT_TAIL=() RT_ENV=(AOT_CACHE="$WORK/launcher.aot") ;;
    g) RT_JAVA=$JDK_JAVA RT_FLAGS="$FLAGS_C -XX:+UseCompactObjectHeaders" ;;
    h) launcher_of_archive; RT_JAVA=$WORK/jre/bin/java RT_FLAGS="$FLAGS_C -Xshare:off" RT_TAIL=(-jar "$ARCHIVE_JAR") ;;
    i) launcher_of_archive; RT_JAVA=$WORK/jre/bin/java RT_FLAGS=$FLAGS_C RT_TAIL=(-jar "$ARCHIVE_JAR") ;;
    j) launcher_of_archive; RT_JAVA=$LAUNCHER RT_FLAGS="" RT_TAIL=() RT_ENV=(JAVA_OPTS=-Xmx32m) ;;
    k) launcher_of_archive; RT_JAVA=$LAUNCHER RT_FLAGS="" RT_TAIL=() RT_ENV=(JAVA_OPTS=-XX:TrimNativeHeapInterval=0) ;;
    *) echo "unknown flag set $1" >&2; exit 2 ;;
    esac
}

describe_set() {
    case $1 in
    a) echo "a: defaults (full JDK)" ;;
    b) echo "b: launcher before tuning (SerialGC, -Xmx48m, -Xss256k, C1 only)" ;;
    c) echo "c: shipped flags, full JDK, no class data of the application" ;;
    d) echo "d: c + AOT cache (full JDK)" ;;
    e) echo "e: the release archive as shipped (its launcher: jlink runtime, shipped flags, lib/app.jsa)" ;;
    f) echo "f: e with AOT_CACHE (recorded by a first run)" ;;
    g) echo "g: c + compact object headers (JDK 25)" ;;
    h) echo "h: the archive's runtime and flags, no class data at all (-Xshare:off)" ;;
    i) echo "i: the archive's runtime and flags, the JDK's CDS archive only (round 3's e)" ;;
    j) echo "j: e with -Xmx32m (round 3's heap)" ;;
    k) echo "k: e without TrimNativeHeapInterval" ;;
    esac
}

# ---------------------------------------------------------------- processes
wait_ready() { # PORT PID
    local i
    for i in $(seq 300); do
        kill -0 "$2" 2>/dev/null || { echo "process $2 ended before it was ready" >&2; return 1; }
        if [[ $(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
            --data-binary "@$BENCH/alert.json" "http://127.0.0.1:$1/push") == 200 ]]; then return 0; fi
        sleep 0.1
    done
    echo "no answer on port $1" >&2
    return 1
}

# start_java SET TLS(0|1) [cgroup dir]: starts the bridge, sets BRIDGE_PID
start_java() {
    set_runtime "$1"
    local url=$URL_HTTP; if [[ $2 == 1 ]]; then url=$URL_TLS; fi
    local wrap=()
    if [[ -n ${3:-} ]]; then wrap=(bash -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$3"); fi
    # shellcheck disable=SC2086
    env UPTIME_KUMA_URL="$url" UPTIME_KUMA_CA_FILE="$WORK/cert.pem" LISTEN_ADDRESS="127.0.0.1:$P_BRIDGE" \
        LOG_LEVEL=warn MAX_CONCURRENT_WEBHOOKS=1024 "${RT_ENV[@]}" \
        "${wrap[@]}" "$RT_JAVA" $RT_FLAGS "${RT_TAIL[@]}" >>"$WORK/bridge.log" 2>&1 &
    BRIDGE_PID=$!
    PIDS+=("$BRIDGE_PID")
    wait_ready "$P_BRIDGE" "$BRIDGE_PID"
}

start_go() { # TLS(0|1): sets GO_PID
    local url=$URL_HTTP; if [[ $1 == 1 ]]; then url=$URL_TLS; fi
    env UPTIME_KUMA_URL="$url" SSL_CERT_FILE="$WORK/cert.pem" PORT=$P_GO "$GO_BIN" >>"$WORK/go.log" 2>&1 &
    GO_PID=$!
    PIDS+=("$GO_PID")
    wait_ready "$P_GO" "$GO_PID"
}

stop_pid() {
    kill -TERM "$1" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo -1; }

# sample the peak RSS of PID into FILE until the file STOPFILE exists (bounded: at most 10 minutes)
rss_sampler() {
    local pid=$1 file=$2 stop=$3 max=0 v
    for _ in $(seq 3000); do
        [[ -f $stop ]] && break
        v=$(rss_kb "$pid")
        if [[ $v =~ ^[0-9]+$ ]] && ((v > max)); then max=$v; fi
        echo "$max" >"$file"
        sleep 0.2
    done
}

# run_wrk PORT MODE DURATION CONNS [THREADS]: prints the RESULT line
run_wrk() {
    local threads=${5:-2}
    if ((threads > $4)); then threads=$4; fi
    BENCH_DIR=$BENCH WEBHOOK_MODE=$2 timeout 120 wrk -t"$threads" -c"$4" -d"$3" --timeout 5s \
        -s "$BENCH/webhook.lua" "http://127.0.0.1:$1/push" | grep '^RESULT'
}

field() { # LINE NAME
    sed -n "s/.*\b$2=\([^ ]*\).*/\1/p" <<<"$1"
}

errsum() { # RESULT line: non-2xx plus socket errors, or "wrk failed"
    awk '{for (i = 1; i <= NF; i++) {split($i, a, "="); if (a[1] == "non2xx" || a[1] == "errors") {s += a[2]; n++}}}
         END {if (n) print s; else print "wrk failed"}' <<<"$1"
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "NaN"} else if (NR%2) {print a[(NR+1)/2]} else {printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2}}'; }

raw() { printf '%s\n' "$(IFS=$'\t'; echo "$*")" >>"$RAW"; }

md() { printf '%s\n' "$*" >>"$OUT"; }

mb() { awk -v k="$1" 'BEGIN { if (k < 0) print "n/a"; else printf "%.1f", k/1024 }'; }

ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u/1000 }'; }

# ---------------------------------------------------------------- sections
section_flags() {
    md "## JVM flag sets"
    md ""
    md "Start-up: process start until the first \`POST /push\` answers 200 (median of $STARTS, min-max), Kuma stand-in over"
    md "HTTP and over TLS. Idle RSS: VmRSS 0.5 s after that first push (median, HTTP runs). Load: distinct webhooks, TLS"
    md "upstream, wrk -c$CONNS -d$DURATION after a 3 s warm-up; RSS peak sampled every 0.2 s during the run; RSS after: at its end."
    md ""
    md "| set | start-up HTTP ms | start-up TLS ms | idle RSS MB | req/s | p50 ms | p99 ms | errors | RSS peak MB | RSS after MB |"
    md "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    local s tls i line st rss
    for s in $FLAGSETS; do
        set_runtime "$s"
        local -a up_http=() up_tls=() idle=()
        for i in $(seq "$STARTS"); do
            for tls in 0 1; do
                local url=$URL_HTTP; if [[ $tls == 1 ]]; then url=$URL_TLS; fi
                # shellcheck disable=SC2086
                line=$(env UPTIME_KUMA_URL="$url" UPTIME_KUMA_CA_FILE="$WORK/cert.pem" \
                    LISTEN_ADDRESS="127.0.0.1:$P_BRIDGE" LOG_LEVEL=warn MAX_CONCURRENT_WEBHOOKS=1024 "${RT_ENV[@]}" \
                    timeout 60 "$WORK/startprobe" "http://127.0.0.1:$P_BRIDGE/push" "$BENCH/alert.json" \
                    "$RT_JAVA" $RT_FLAGS "${RT_TAIL[@]}" 2>>"$WORK/bridge.log")
                st=$(field "$line" startup_ms); rss=$(field "$line" rss_kb)
                raw startup "$s" "tls=$tls" "$st" "$rss"
                if [[ $tls == 0 ]]; then up_http+=("$st"); idle+=("$rss"); else up_tls+=("$st"); fi
            done
        done
        local mh mt mi rh rt
        mh=$(printf '%s\n' "${up_http[@]}" | median); mt=$(printf '%s\n' "${up_tls[@]}" | median)
        mi=$(printf '%s\n' "${idle[@]}" | median)
        rh="$(printf '%s\n' "${up_http[@]}" | sort -g | head -1)-$(printf '%s\n' "${up_http[@]}" | sort -g | tail -1)"
        rt="$(printf '%s\n' "${up_tls[@]}" | sort -g | head -1)-$(printf '%s\n' "${up_tls[@]}" | sort -g | tail -1)"
        log "set $s: start-up HTTP $mh ms ($rh), TLS $mt ms ($rt), idle RSS $(mb "$mi") MB"

        start_java "$s" 1
        run_wrk "$P_BRIDGE" distinct 3s "$CONNS" >/dev/null
        rm -f "$WORK/stop"
        rss_sampler "$BRIDGE_PID" "$WORK/peak" "$WORK/stop" &
        local sampler=$!
        line=$(run_wrk "$P_BRIDGE" distinct "$DURATION" "$CONNS")
        touch "$WORK/stop"; wait "$sampler" || true
        local after peak
        after=$(rss_kb "$BRIDGE_PID"); peak=$(cat "$WORK/peak")
        stop_pid "$BRIDGE_PID"
        raw flagload "$s" "$line" "peak_kb=$peak" "after_kb=$after"
        log "set $s: $line peak=$(mb "$peak") MB after=$(mb "$after") MB"
        md "| $(describe_set "$s") | $mh ($rh) | $mt ($rt) | $(mb "$mi") | $(field "$line" rps) | $(ms "$(field "$line" p50_us)") | $(ms "$(field "$line" p99_us)") | $(errsum "$line") | $(mb "$peak") | $(mb "$after") |"
    done
    md ""
    md "Flag set b (launcher before tuning): \`$FLAGS_B\`"
    md ""
    md "Flag set c (shipped, from pom.xml): \`$FLAGS_C\`"
    md ""
    if [[ -n ${JLINK_MODS:-} ]]; then
        md "Sets e, f, h, i, j and k run the release archive (\`-Prelease\`): jlink runtime with modules \`$JLINK_MODS\`, \`--strip-debug --no-man-pages --no-header-files --compress=zip-6\`, with the JDK's CDS archive: $JLINK_SIZE MB (full JDK: $JDK_SIZE MB); e, f, j and k through its launcher, which maps \`lib/app.jsa\` ($(du -k "$(dirname "$LAUNCHER")/../lib/app.jsa" | cut -f1) KiB)."
        md ""
    fi
}

# one measured cell: IMPL(java|go) PORT MODE TLS REP
cell() {
    local impl=$1 port=$2 mode=$3 tls=$4 rep=$5 pid=$6 line
    rm -f "$WORK/stop"
    rss_sampler "$pid" "$WORK/peak" "$WORK/stop" &
    local sampler=$!
    line=$(run_wrk "$port" "$mode" "$DURATION" "$CONNS")
    touch "$WORK/stop"; wait "$sampler" || true
    raw compare "$impl" "$mode" "tls=$tls" "rep=$rep" "$line" "peak_kb=$(cat "$WORK/peak")"
    log "$impl $mode tls=$tls rep=$rep: $line peak=$(mb "$(cat "$WORK/peak")") MB"
    echo "$line peak_kb=$(cat "$WORK/peak")" >>"$WORK/cells.$impl.$mode.$tls"
}

section_compare() {
    local tls mode rep
    rm -f "$WORK"/cells.*
    for tls in 0 1; do
        start_java "$REC" "$tls"
        local jpid=$BRIDGE_PID gpid=
        run_wrk "$P_BRIDGE" distinct 3s "$CONNS" >/dev/null
        if [[ -n $GO_BIN ]]; then start_go "$tls"; gpid=$GO_PID; run_wrk "$P_GO" distinct 3s "$CONNS" >/dev/null; fi
        for rep in $(seq "$REPEAT"); do
            for mode in distinct identical; do
                cell java "$P_BRIDGE" "$mode" "$tls" "$rep" "$jpid"
                if [[ -n $gpid ]]; then cell go "$P_GO" "$mode" "$tls" "$rep" "$gpid"; fi
            done
        done
        echo "$(rss_kb "$jpid")" >"$WORK/after.java.$tls"
        stop_pid "$jpid"
        if [[ -n $gpid ]]; then rss_kb "$gpid" >"$WORK/after.go.$tls"; stop_pid "$gpid"; fi
    done

    md "## Java bridge (set $REC) and Go program, alternating"
    md ""
    md "wrk -t2 -c$CONNS -d$DURATION, $REPEAT runs per cell, medians; one process per implementation and upstream, warmed"
    md "up 3 s. Bridge: MAX_CONCURRENT_WEBHOOKS=1024, LOG_LEVEL=warn. Errors are non-2xx answers plus socket errors."
    md ""
    md "| upstream | webhooks | Java req/s | Go req/s | Java/Go | Java p50/p99 ms | Go p50/p99 ms | Java errors | Go errors | Java RSS peak MB | Go RSS peak MB |"
    md "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    local impl
    local -A v
    for tls in 0 1; do
        for mode in distinct identical; do
            v=()
            for impl in java go; do
                local f=$WORK/cells.$impl.$mode.$tls
                if [[ -f $f ]]; then
                    v[$impl.rps]=$(sed -n 's/.*rps=\([^ ]*\).*/\1/p' "$f" | median)
                    v[$impl.p50]=$(ms "$(sed -n 's/.*p50_us=\([^ ]*\).*/\1/p' "$f" | median)")
                    v[$impl.p99]=$(ms "$(sed -n 's/.*p99_us=\([^ ]*\).*/\1/p' "$f" | median)")
                    v[$impl.err]=$(awk '{for(i=1;i<=NF;i++){split($i,a,"="); if(a[1]=="non2xx"||a[1]=="errors") s+=a[2]}} END {print s+0}' "$f")
                    v[$impl.peak]=$(mb "$(sed -n 's/.*peak_kb=\([^ ]*\).*/\1/p' "$f" | sort -g | tail -1)")
                else
                    v[$impl.rps]=n/a v[$impl.p50]=n/a v[$impl.p99]=n/a v[$impl.err]=n/a v[$impl.peak]=n/a
                fi
            done
            local ratio=n/a
            if [[ ${v[go.rps]} != n/a ]]; then ratio=$(awk -v j="${v[java.rps]}" -v g="${v[go.rps]}" 'BEGIN { if (g > 0) printf "%.2f", j/g; else print "inf" }'); fi
            local up=HTTP; if [[ $tls == 1 ]]; then up=TLS; fi
            md "| $up | $mode | ${v[java.rps]} | ${v[go.rps]} | $ratio | ${v[java.p50]} / ${v[java.p99]} | ${v[go.p50]} / ${v[go.p99]} | ${v[java.err]} | ${v[go.err]} | ${v[java.peak]} | ${v[go.peak]} |"
        done
    done
    md ""
    local after_go_h=n/a after_go_t=n/a
    if [[ -f $WORK/after.go.0 ]]; then after_go_h=$(mb "$(cat "$WORK/after.go.0")"); fi
    if [[ -f $WORK/after.go.1 ]]; then after_go_t=$(mb "$(cat "$WORK/after.go.1")"); fi
    md "RSS after all runs: Java $(mb "$(cat "$WORK/after.java.0")") MB (HTTP upstream), $(mb "$(cat "$WORK/after.java.1")") MB (TLS upstream); Go $after_go_h MB / $after_go_t MB."
    md ""
}

section_latency() {
    md "## Added latency at low load"
    md ""
    md "wrk -t1 -c1 -d5s (one request at a time), p50 and p99. Direct: GET of the push URL straight to nginx over a kept-alive"
    md "connection. Through: POST /push with distinct webhooks, so every request makes one upstream GET."
    md ""
    md "| upstream | direct p50 ms | Java p50 ms | Java added p50 ms | Go p50 ms | Go added p50 ms | direct p99 ms | Java p99 ms | Go p99 ms |"
    md "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    local tls
    for tls in 0 1; do
        local direct url
        if [[ $tls == 1 ]]; then url="https://127.0.0.1:$P_TLS/api/push/TOKEN?status=up&msg=OK&ping="; else url=$URL_HTTP; fi
        start_java "$REC" "$tls"
        run_wrk "$P_BRIDGE" distinct 3s 4 >/dev/null
        local gl="" jl
        if [[ -n $GO_BIN ]]; then start_go "$tls"; fi
        direct=$(timeout 60 wrk -t1 -c1 -d5s -s "$BENCH/get.lua" "$url" | grep '^RESULT')
        jl=$(run_wrk "$P_BRIDGE" distinct 5s 1 1)
        if [[ -n $GO_BIN ]]; then gl=$(run_wrk "$P_GO" distinct 5s 1 1); fi
        stop_pid "$BRIDGE_PID"
        if [[ -n $GO_BIN ]]; then stop_pid "$GO_PID"; fi
        raw latency "tls=$tls" "direct $direct" "java $jl" "go $gl"
        local d50 j50 g50=n/a gadd=n/a g99=n/a
        d50=$(field "$direct" p50_us); j50=$(field "$jl" p50_us)
        if [[ -n $gl ]]; then g50=$(field "$gl" p50_us); gadd=$(ms $((g50 - d50))); g99=$(ms "$(field "$gl" p99_us)"); g50=$(ms "$g50"); fi
        local up=HTTP; if [[ $tls == 1 ]]; then up=TLS; fi
        log "latency $up: direct p50 $(ms "$d50") ms, Java $(ms "$j50") ms, Go $g50 ms"
        md "| $up | $(ms "$d50") | $(ms "$j50") | $(ms $((j50 - d50))) | $g50 | $gadd | $(ms "$(field "$direct" p99_us)") | $(ms "$(field "$jl" p99_us)") | $g99 |"
    done
    md ""
}

section_memlimit() {
    local lim
    for lim in $MEMLIMITS; do memlimit_one "$lim"; done
}

memlimit_one() { # LIMIT_MIB
    local mib=$1
    md "## Under a $mib MiB memory limit (set $REC)"
    md ""
    local self cgroot
    self=$(awk -F: '$2 == "memory" {print $3}' /proc/self/cgroup)
    cgroot=/sys/fs/cgroup/memory$self
    CGROUP=$cgroot/kumapush-bench-$$
    if mkdir "$CGROUP" 2>/dev/null && echo $((mib * 1024 * 1024)) >"$CGROUP/memory.limit_in_bytes" 2>/dev/null; then
        md "The bridge runs in its own cgroup (v1) with \`memory.limit_in_bytes\` = $mib MiB (counts RSS and page cache, as a container limit does)."
    else
        rmdir "$CGROUP" 2>/dev/null || true
        CGROUP=
        md "No cgroup could be made here: the limit is approximated by the flag set's -Xmx and a check that RSS stays under $mib MiB."
    fi
    md ""
    md "| load | req/s | errors | RSS peak MB | cgroup peak MB | limit hits (failcnt) | OOM kills | alive after |"
    md "| --- | --- | --- | --- | --- | --- | --- | --- |"
    local tls mode c
    for tls in 1 0; do
        start_java "$REC" "$tls" "$CGROUP"
        mode=distinct; if [[ $tls == 0 ]]; then mode=identical; fi
        for mode in $mode; do
            for c in "$CONNS" 512; do
                rm -f "$WORK/stop"
                rss_sampler "$BRIDGE_PID" "$WORK/peak" "$WORK/stop" &
                local sampler=$! line
                line=$(run_wrk "$P_BRIDGE" "$mode" "$DURATION" "$c" || true)
                touch "$WORK/stop"; wait "$sampler" || true
                local cgpeak=n/a fail=n/a oom=n/a alive=yes
                if [[ -n $CGROUP ]]; then
                    cgpeak=$(mb $(($(cat "$CGROUP/memory.max_usage_in_bytes") / 1024)))
                    fail=$(cat "$CGROUP/memory.failcnt")
                    oom=$(awk '/oom_kill / {print $2}' "$CGROUP/memory.oom_control"); oom=${oom:-n/a}
                fi
                kill -0 "$BRIDGE_PID" 2>/dev/null || alive=no
                local up=HTTP; if [[ $tls == 1 ]]; then up=TLS; fi
                raw memlimit "tls=$tls" "$mode" "c=$c" "$line" "peak_kb=$(cat "$WORK/peak")" "cg=$cgpeak" "fail=$fail" "oom=$oom" "alive=$alive"
                log "$mib MiB: $up $mode c=$c: $line peak=$(mb "$(cat "$WORK/peak")") cgroup=$cgpeak failcnt=$fail oom=$oom alive=$alive"
                md "| $up, $mode, -c$c | $(field "$line" rps) | $(errsum "$line") | $(mb "$(cat "$WORK/peak")") | $cgpeak | $fail | $oom | $alive |"
                [[ $alive == yes ]] || break 2
            done
        done
        stop_pid "$BRIDGE_PID"
    done
    md ""
    if [[ -n $CGROUP ]]; then rmdir "$CGROUP" 2>/dev/null || true; CGROUP=; fi
}

# ---------------------------------------------------------------- main
install_tools
build
mkdir -p "$RESULTS"
: >"$RAW"
start_nginx
{
    echo "# Benchmark run $STAMP"
    echo ""
    echo "- machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
    echo "- kernel: $(uname -r); JDK: $("$JDK_JAVA" -version 2>&1 | sed -n 2p)"
    echo "- tools: $(nginx -v 2>&1), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), $(go version | cut -d' ' -f3)"
    echo "- commit: $(cd "$ROOT" && git describe --always --dirty 2>/dev/null || echo unknown); sections: $SECTIONS; wrk -d$DURATION -c$CONNS; Go peer: $([[ -n $GO_BIN ]] && echo "measured (built from GO_PEER_DIR)" || echo "not measured (GO_PEER_DIR unset)")"
    echo ""
} >"$OUT"
T0=$SECONDS
for section in $SECTIONS; do
    log "section $section"
    "section_$section"
done
md "Total bench time: $((SECONDS - T0)) s."
log "done in $((SECONDS - T0)) s; results in ${OUT#"$ROOT"/} (raw: ${RAW#"$ROOT"/})"
cat "$OUT"
