#!/usr/bin/env bash
# The attacks of the robustness tests, against the bridge as the launcher starts it, with its memory watched:
# RSS (anonymous and file-backed) before, at the peak of, and after each attack, the Java heap in use after a full
# collection while connections are held, and whether a normal webhook is pushed afterwards. Run on demand:
#
#   JAVA_HOME=/path/to/jdk-25 bench/attack.sh            # outside and inside a 64 MiB memory cgroup (if writable)
#   JAR=path/to.jar FLAGS="..." bench/attack.sh          # another jar or other JVM flags (default: pom.xml's)
#   LAUNCHER=path/to/unpacked/bin/alertmanager-uptime-kuma-push bench/attack.sh   # the release archive as shipped
#
# Writes bench/results/<UTC time>-attack.md and prints it. Needs only the JDK (the attack clients and the stand-in
# for Kuma are single-file Java programs beside this script).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
: "${JAVA_HOME:?set JAVA_HOME to a JDK 25}"
JAVA=$JAVA_HOME/bin/java
JAR=${JAR:-$ROOT/target/alertmanager-uptime-kuma-push.jar}
FLAGS=${FLAGS:-$(sed -n 's:.*<jvm.flags>\(.*\)</jvm.flags>.*:\1:p' "$ROOT/pom.xml")}
P_KUMA=18490 P_BRIDGE=18491
STAMP=$(date -u +%Y-%m-%dT%H%M%SZ)
OUT=$BENCH/results/$STAMP-attack.md
WORK=$(mktemp -d /tmp/kumapush-attack.XXXXXX)
PIDS=()
CG=

cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    [[ -n $CG && -d $CG ]] && rmdir "$CG" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

[[ -n ${LAUNCHER:-} || -f $JAR ]] || (cd "$ROOT" && ./mvnw -B -q -DskipTests package)
"$JAVA" "$BENCH/KumaStub.java" "$P_KUMA" & PIDS+=($!)
# Compile the attack client once (a single-file launch compiles on every run).
mkdir -p "$WORK/classes" && "$JAVA_HOME/bin/javac" -d "$WORK/classes" "$BENCH/Attack.java"
attack() { "$JAVA" -cp "$WORK/classes" Attack "$P_BRIDGE" "$@"; }

rss() { # VmRSS RssAnon RssFile of a pid, in MB
    awk '/^VmRSS|^RssAnon|^RssFile/ {printf "%.1f ", $2/1024}' "/proc/$1/status" 2>/dev/null || echo "- - -"
}

start_bridge() { # start_bridge [cgroup dir]
    local cmd=("$JAVA" $FLAGS -jar "$JAR")
    if [[ -n ${LAUNCHER:-} ]]; then cmd=("$LAUNCHER"); fi
    if [[ -n ${1:-} ]]; then cmd=(sh -c "echo \$\$ > '$1/cgroup.procs' && exec \"\$@\"" sh "${cmd[@]}"); fi
    env -i PATH=/usr/bin:/bin UPTIME_KUMA_URL="http://127.0.0.1:$P_KUMA/api/push/bench-token" \
        LISTEN_ADDRESS="127.0.0.1:$P_BRIDGE" LOG_LEVEL=warn "${cmd[@]}" >"$WORK/bridge.log" 2>&1 &
    BRIDGE=$!
    PIDS+=("$BRIDGE")
    for _ in $(seq 100); do
        curl -fsS "http://127.0.0.1:$P_BRIDGE/healthz" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "the bridge did not start:" >&2; cat "$WORK/bridge.log" >&2; exit 1
}

heap_used() { # Java heap in use after a full collection, MB
    "$JAVA_HOME/bin/jcmd" "$BRIDGE" GC.run >/dev/null 2>&1 || { echo "-"; return; }
    "$JAVA_HOME/bin/jcmd" "$BRIDGE" GC.heap_info 2>/dev/null \
        | awk '/total/ {gsub("K,","",$5); sub("K","",$5); used += $5} END {printf "%.1f", used/1024}'
}

run_attack() { # run_attack LABEL ARGS...: one table row
    local label=$1; shift
    local before peak_anon=0 peak="" line
    before=$(rss "$BRIDGE")
    attack "$@" >"$WORK/attack.out" 2>&1 &
    local a=$!
    local heap=""
    while kill -0 "$a" 2>/dev/null; do
        line=$(rss "$BRIDGE")
        anon=$(echo "$line" | awk '{print $2}')
        if [[ $anon != "-" ]] && awk -v a="$anon" -v p="$peak_anon" 'BEGIN{exit !(a>p)}'; then peak_anon=$anon; peak=$line; fi
        if [[ ($1 == hold* || $1 == drip || $1 == worst) && -z $heap ]]; then sleep 3; heap=$(heap_used); fi
        sleep 0.1
    done
    wait "$a" || true
    sleep 2
    local after alive normal
    after=$(rss "$BRIDGE")
    if kill -0 "$BRIDGE" 2>/dev/null; then alive=alive; normal=$(attack one | sed 's/one: //'); else alive=DEAD; normal=-; fi
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$label" "$before" "${peak:-$before}" "$after" \
        "${heap:--}" "$alive" "$normal" "$(tr '\n' ' ' <"$WORK/attack.out" | sed 's/|/\//g')" >>"$OUT"
}

mkdir -p "$BENCH/results"
{
    echo "# Attacks on the bridge as shipped, $STAMP"
    echo
    echo "Commit $(git -C "$ROOT" describe --always --dirty), ${LAUNCHER:+the release launcher $LAUNCHER, }$("$JAVA" -version 2>&1 | head -n 1), flags: \`$FLAGS\`."
    echo "RSS columns: VmRSS RssAnon RssFile in MB; heap: Java heap in use after a full collection while the"
    echo "connections are held (hold rows only). 'normal' is the answer to one ordinary webhook after the attack."
} >"$OUT"

for where in plain cgroup64; do
    if [[ $where == cgroup64 ]]; then
        base=/sys/fs/cgroup/memory$(awk -F: '$2=="memory"{print $3}' /proc/self/cgroup)
        CG=$base/kumapush-attack-$$
        if ! mkdir "$CG" 2>/dev/null || ! echo $((64 * 1024 * 1024)) >"$CG/memory.limit_in_bytes"; then
            echo; echo "(no writable cgroup v1 memory controller: the 64 MiB run is skipped)" >>"$OUT"; break
        fi
    fi
    start_bridge "${CG:-}"
    {
        echo; echo "## ${where/cgroup64/inside a 64 MiB memory cgroup}"; echo
        echo "Idle after start: RSS $(rss "$BRIDGE")MB; heap in use $(heap_used) MB."; echo
        echo "| attack | RSS before | RSS at peak (anon) | RSS after | heap | process | normal | clients saw |"
        echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
    } >>"$OUT"
    run_attack "1,000 held partial heads (40 B)" hold 1000 5 40
    run_attack "256 held heads of the largest size allowed (12 KiB)" holdmax 256 5
    run_attack "2,000 webhooks at once" flood 2000
    run_attack "2,000 webhooks at once, again" flood 2000
    run_attack "8 dense 1 MiB payloads" dense 8
    run_attack "32 webhooks stopped in an 8,000-char summary" drip 32 5
    run_attack "every bound at once: 256 largest heads, 32 stopped webhooks, 32 pushes held" worst 6
    if [[ $where == cgroup64 ]]; then
        echo >>"$OUT"
        echo "cgroup: peak $(( $(cat "$CG/memory.max_usage_in_bytes") / 1024 / 1024 )) MiB, failcnt $(cat "$CG/memory.failcnt"), $(grep oom_kill "$CG/memory.oom_control" | tr '\n' ' ')" >>"$OUT"
    fi
    kill "$BRIDGE" 2>/dev/null || true; wait "$BRIDGE" 2>/dev/null || true
    grep -E "OutOfMemoryError|ERROR" "$WORK/bridge.log" | head -n 5 | sed 's/^/    bridge: /' >>"$OUT" || true
done
cat "$OUT"
