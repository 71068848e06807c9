#!/usr/bin/env python3
"""report.py RESULT.json [RESULT.json ...]: markdown tables, one column per result file."""
import json
import sys

R = [json.load(open(p)) for p in sys.argv[1:]]
import os
import re
names = [re.sub(r"-\d{8}T\d{6}Z\.json$", "", os.path.basename(p)) for p in sys.argv[1:]]


def g(r, *path):
    for k in path:
        if r is None:
            return None
        r = r.get(k) if isinstance(r, dict) else (r[k] if isinstance(r, list) and len(r) > k else None)
    return r


def mb(kb):
    return "-" if kb is None else "%.1f" % (kb / 1024)


def table(title, rows):
    print("\n### " + title + "\n")
    print("| | " + " | ".join(names) + " |")
    print("|---" * (len(names) + 1) + "|")
    for label, f in rows:
        vals = []
        for r in R:
            try:
                v = f(r)
            except Exception:
                v = None
            vals.append("-" if v is None else str(v))
        print("| " + label + " | " + " | ".join(vals) + " |")


table("Jar, and machine load (1-min loadavg before/after each section; 2 cores: anything well above ~2-3 means foreign load)", [
    ("jar size (KiB)", lambda r: round(r["jar_bytes"] / 1024)),
    ("loadavg start/load/hold/burst/conf", lambda r: " ".join("%s>%s" % tuple(v) for v in r.get("loadavg_1min_before_after", {}).values())),
])
table("1-2, 4. Start-up and idle (median of STARTS runs; idle = 2 s after first 200)", [
    ("start -> first 200 POST /push, ms (median)", lambda r: round(g(r, "start", "start_ms_median"))),
    ("all runs, ms", lambda r: g(r, "start", "start_ms_all")),
    ("machine busy % in the 3 s before each run", lambda r: g(r, "start", "pre_busy_pct_all")),
    ("idle VmRSS MiB", lambda r: mb(g(r, "start", "idle_VmRSS_kb_median"))),
    ("idle RssAnon MiB", lambda r: mb(g(r, "start", "idle_RssAnon_kb_median"))),
    ("idle RssFile MiB", lambda r: mb(g(r, "start", "idle_RssFile_kb_median"))),
    ("threads (OS) idle", lambda r: g(r, "start", "idle_Threads_median")),
    ("classes (VM.classloader_stats Total)", lambda r: g(r, "start", "classes_median")),
    ("-Xlog:class+load lines (of which from CDS)", lambda r: "%d (%d)" % (g(r, "start", "xlog_class_load_lines"), g(r, "start", "xlog_class_load_shared"))),
    ("metaspace used / committed KiB (VM.metaspace basic)", lambda r: "%d / %d" % (g(r, "start", "meta_used_kb_median"), g(r, "start", "meta_committed_kb_median"))),
])
table("3. Load: " + (g(R[0], "load", "cmd") or "") + " (LOAD_RUNS fresh JVMs; columns = the median-rps run)", [
    ("requests/s, all runs", lambda r: [round(x["rps"]) for x in r.get("load_runs", [])]),
    ("machine busy % in the 3 s before each run", lambda r: [x.get("pre_busy_pct") for x in r.get("load_runs", [])]),
    ("requests/s", lambda r: g(r, "load", "rps")),
    ("requests", lambda r: g(r, "load", "requests")),
    ("non-2xx", lambda r: g(r, "load", "non2xx")),
    ("socket errors conn/read/write/timeout", lambda r: "/".join(map(str, g(r, "load", "socket_errors")))),
    ("latency avg / sd / max", lambda r: " / ".join(g(r, "load", "latency_avg_sd_max"))),
    ("VmRSS before -> after MiB", lambda r: "%s -> %s" % (mb(g(r, "load", "before", "VmRSS")), mb(g(r, "load", "after", "VmRSS")))),
    ("RssAnon after MiB", lambda r: mb(g(r, "load", "after", "RssAnon"))),
    ("VmHWM (peak) MiB", lambda r: mb(g(r, "load", "after", "VmHWM"))),
    ("threads after", lambda r: g(r, "load", "after", "Threads")),
    ("classes after load", lambda r: g(r, "load", "classes")),
    ("metaspace used / committed KiB after load", lambda r: "%d / %d" % (g(r, "load", "meta_used_kb"), g(r, "load", "meta_committed_kb"))),
    ("alive", lambda r: g(r, "load", "alive")),
])
rows = [("heap used after GC, before, KiB", lambda r: g(r, "hold", "heap_used_kb_before"))]
for i in range(3):
    rows += [
        ("step %d: held connections opened (errors)" % (i + 1), lambda r, i=i: "%s (%s)" % (g(r, "hold", "steps", i, "opened_total"), g(r, "hold", "steps", i, "open_errors") or "none")),
        ("step %d: heap used after GC KiB" % (i + 1), lambda r, i=i: g(r, "hold", "steps", i, "heap_used_kb")),
        ("step %d: heap bytes per held" % (i + 1), lambda r, i=i: g(r, "hold", "steps", i, "heap_bytes_per_held")),
        ("step %d: VmRSS MiB / RSS bytes per held" % (i + 1), lambda r, i=i: "%s / %s" % (mb(g(r, "hold", "steps", i, "status", "VmRSS")), g(r, "hold", "steps", i, "rss_bytes_per_held"))),
        ("step %d: threads" % (i + 1), lambda r, i=i: g(r, "hold", "steps", i, "status", "Threads")),
        ("step %d: probe POST (2 s)" % (i + 1), lambda r, i=i: "%s %s ms" % (g(r, "hold", "steps", i, "probe", "status") or g(r, "hold", "steps", i, "probe", "err"), g(r, "hold", "steps", i, "probe", "ms"))),
        ("step %d: held closed / answered by server" % (i + 1), lambda r, i=i: "%s / %s" % (g(r, "hold", "steps", i, "held_closed_by_server_eof"), g(r, "hold", "steps", i, "held_answered_by_server"))),
        ("step %d: alive" % (i + 1), lambda r, i=i: g(r, "hold", "steps", i, "alive")),
    ]
rows += [("alive at end (exit code)", lambda r: "%s (%s)" % (g(r, "hold", "alive"), g(r, "hold", "exit"))),
         ("POST after release", lambda r: g(r, "hold", "after_release_status"))]
table("5. Held partial requests ('POST /push HTTP/1.1\\r\\nHost: x\\r\\nContent-Le', 3 s, jcmd GC.run + GC.heap_info)", rows)
def bursts(r):
    return " ; ".join("%s/%s ok%s" % (b["statuses"].get("200", 0), b["n"], "" if b["alive"] else " DIED(exit %s)" % b["exit"]) for b in r.get("burst_runs", []))


table("6. Burst: connections released at once, each a full POST /push (30 s client timeouts)", [
    ("connections", lambda r: g(r, "burst", "n")),
    ("all runs: 200s / n, survived?", bursts),
    ("-- run 1 in detail --", lambda r: ""),
    ("statuses", lambda r: g(r, "burst", "statuses")),
    ("errors", lambda r: g(r, "burst", "errors") or "none"),
    ("wall s", lambda r: g(r, "burst", "wall_s")),
    ("latency p50/p99/max ms", lambda r: g(r, "burst", "lat_ms_p50_p99_max")),
    ("alive after / POST after", lambda r: "%s / %s" % (g(r, "burst", "alive"), g(r, "burst", "after_status"))),
    ("VmRSS after MiB (peak)", lambda r: "%s (%s)" % (mb(g(r, "burst", "status_after", "VmRSS")), mb(g(r, "burst", "status_after", "VmHWM")))),
])


def conf_cell(row):
    st = row.get("statuses") or []
    if row["name"].startswith("Expect"):
        return row["outcome"]
    s = ", ".join(x.split(" ", 1)[1] if " " in x else x for x in st) if st else ""
    o = row.get("outcome") or ""
    o = o.replace("answered (conn kept open)", "kept open").replace("answered, then close", "then close").replace("answered, then RST", "then RST")
    cell = ("%s; %s" % (s, o) if s else o) + "; %s ms" % row.get("ms")
    if row.get("body_bytes_sent") is not None:
        cell += "; body sent %.1f MiB" % (row["body_bytes_sent"] / 1048576)
    if row.get("send_error"):
        cell += "; send: " + row["send_error"]
    if not row.get("alive_after", True):
        cell += "; SERVER DIED"
    return cell


if all("conf" in r for r in R):
    print("\n### 7. Conformance (raw socket, new connection each, 5 s client timeout; status(es); then; ms to first byte or close)\n")
    print("| request | " + " | ".join(names) + " |")
    print("|---" * (len(names) + 1) + "|")
    for i, row in enumerate(R[0]["conf"]["rows"]):
        print("| " + row["name"] + " | " + " | ".join(conf_cell(r["conf"]["rows"][i]) for r in R) + " |")
    print("| alive at end | " + " | ".join(str(r["conf"]["alive_end"]) for r in R) + " |")
