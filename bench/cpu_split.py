#!/usr/bin/env python3
"""bench/cpu-split.sh's report: CPU per request of each run from /proc, and where it went from
perf's samples (standard library only).

    cpu_split.py WORK PERF(0|1) COMMIT OUT_MD OUT_JSON

WORK holds runs.jsonl (one line per run: kind, pid, user and system µs per request, writes per
request, the open-loop figures) and run-N.perf with the JVM's perf map in /tmp/perf-PID.map.
A sample's µs per request are the run's CPU per request times the sample's share: perf samples
CPU time (cpu-clock) of every thread of the JVM, kernel included.

Two views of the samples:
- exclusive, by where the sampled instruction was: the kernel, compiled Java code, the JVM itself
  (libjvm: GC, JIT compiler, runtime), other native code; and by thread (event loops, GC, JIT, other);
- inclusive, by owner: the share of samples whose stack passes through an owner's frames (owners
  overlap: a filter's samples include the library code it calls).
"""
import json
import os
import re
import statistics
import subprocess
import sys

# (owner, pattern, where): "stack" counts a sample whose stack passes through the owner's frames
# (what the owner does, with the library code it calls); "leaf" counts a sample whose running
# method is the owner's (its own code only: for the transport, under which everything runs).
OWNERS = [
    ("Reactor's parallel scheduler (timers: the gateway's response timeout, before issue 15)",
     r"MonoDelay|ScheduledThreadPoolExecutor|ParallelScheduler", "stack"),
    ("Reactor's timeout operator (the response timeout)", r"FluxTimeout|MonoTimeout", "stack"),
    ("timers on the event loop (Netty's scheduled tasks)", r"AbstractScheduledEventExecutor|ScheduledFutureTask", "stack"),
    ("observation and tracing", r"io\.micrometer\.observation|io\.micrometer\.tracing|io\.opentelemetry|aclgateway\.observability", "stack"),
    ("metrics (Micrometer, Prometheus)", r"io\.micrometer\.core|prometheusmetrics|io\.prometheus", "stack"),
    ("resilience4j (breaker, bulkhead)", r"resilience4j", "stack"),
    ("ours: hygiene filters", r"aclgateway\.routing\.hygiene", "stack"),
    ("ours: decision, rules, routes", r"aclgateway\.routing\.(proxy|rules|client|reload)", "stack"),
    ("ours: guard (resilience)", r"aclgateway\.routing\.resilience", "stack"),
    ("ours: shadow rules", r"aclgateway\.shadow", "stack"),
    ("ours: Netty handlers (their own code)", r"^io\.aclgateway\.support\.", "leaf"),
    ("Spring Cloud Gateway (its own code)", r"^org\.springframework\.cloud\.gateway", "leaf"),
    ("Spring (its own code: WebFlux, headers, utilities)", r"^org\.springframework\.(?!cloud)", "leaf"),
    ("Reactor (its own code: operators)", r"^reactor\.core\.", "leaf"),
    ("Reactor Netty (its own code)", r"^reactor\.netty\.", "leaf"),
    ("Netty (its own code: codec, pipeline, buffers)", r"^io\.netty\.", "leaf"),
    ("megamorphic calls (vtable and itable stubs)", r"^(vtable|itable)", "leaf"),
    ("java.* and jdk.* (their own code)", r"^(java|jdk|sun)\.", "leaf"),
    ("the kernel (system calls, loopback TCP)", r"\[\[kernel\.kallsyms\]\]$", "leaf"),
    ("the JVM (GC, JIT compiler, runtime)", r"libjvm\.so\]$", "leaf"),
]


def samples(perf_file):
    out = subprocess.run(["perf", "script", "-i", perf_file, "-F", "comm,ip,sym,dso"],
                         capture_output=True, text=True, check=True).stdout
    for block in out.split("\n\n"):
        lines = [line for line in block.split("\n") if line.strip()]
        if len(lines) < 2:
            continue
        yield lines[0].strip(), lines[1:]


def leaf_name(frame):
    """A frame as "package.Class.method [dso]": the running method, without its return type and
    arguments, then where its code is."""
    m = re.match(r"\s*[0-9a-f]+ (.*?)\s*\(([^()]*)\)\s*$", frame)
    if not m:
        return frame.strip()
    sym, dso = m.group(1), m.group(2)
    if "(" in sym:
        sym = sym[:sym.index("(")].split(" ")[-1]
    return "%s [%s]" % (sym, dso)


def dso_of(frame):
    m = re.search(r"\(([^()]*)\)\s*$", frame)
    dso = m.group(1) if m else ""
    if "kernel" in dso:
        return "kernel"
    if "perf-" in dso and dso.endswith(".map"):
        return "compiled Java code"
    if dso.endswith("libjvm.so"):
        return "the JVM (GC, JIT compiler, runtime)"
    return "other native code (libc, Netty's epoll, vdso)"


def thread_group(comm):
    if comm.startswith("reactor-http"):
        return "event loops"
    if comm.startswith(("GC Thread", "G1 ", "VM Thread", "ZWorker", "ZDirector")):
        return "GC"
    if comm.startswith(("C1 Compiler", "C2 Compiler")):
        return "JIT compiler"
    return "other threads"


def split(run, work):
    total_us = run["user_us"] + run["sys_us"]
    n = 0
    by_dso, by_thread, by_owner = {}, {}, {name: 0 for name, _, _ in OWNERS}
    patterns = [(name, re.compile(p, re.M), where) for name, p, where in OWNERS]
    for comm, frames in samples(os.path.join(work, "run-%d.perf" % run["run"])):
        n += 1
        where_run = dso_of(frames[0])
        by_dso[where_run] = by_dso.get(where_run, 0) + 1
        leaf = leaf_name(frames[0])
        group = thread_group(comm)
        by_thread[group] = by_thread.get(group, 0) + 1
        stack = "\n".join(frames)
        for name, pattern, where in patterns:
            if pattern.search(stack if where == "stack" else leaf):
                by_owner[name] += 1
    if n == 0:
        return None
    scale = lambda counts: {k: round(v / n * total_us, 1) for k, v in counts.items()}
    return {"samples": n, "dso": scale(by_dso), "threads": scale(by_thread), "owners": scale(by_owner)}


def main():
    work, perf, commit, out_md, out_json = sys.argv[1:]
    runs = [json.loads(line) for line in open(os.path.join(work, "runs.jsonl")) if line.strip()]
    for run in runs:
        run["split"] = split(run, work) if perf == "1" else None
    kinds = []
    for run in runs:
        if run["kind"] not in kinds:
            kinds.append(run["kind"])
    rate = runs[0]["load"]["offered_rps"] if runs else 0
    md = ["# CPU per request at one offered rate (bench/cpu-split.sh)", "",
          "Commit %s; %d req/s open loop, %s s per run; each run a fresh JVM (the image's flags, "
          "`-XX:+PreserveFramePointer`), warmed up until its JIT was quiet." % (commit, rate, runs[0]["load"]["seconds"] if runs else "?"),
          "", "## Each run (from /proc)", "",
          "| run | path | user µs/request | system µs/request | total | writes/request | p50 ms | p99 ms | warm-up |",
          "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in runs:
        md.append("| %d | %s | %.1f | %.1f | **%.1f** | %.2f | %.2f | %.2f | %d s, %d req/s |" % (
            r["run"], r["kind"], r["user_us"], r["sys_us"], r["user_us"] + r["sys_us"], r["writes_per_request"],
            r["load"]["p50_ms"], r["load"]["p99_ms"], r["warm_s"], r["warm_rps"]))
    md += ["", "## Each path (medians of its runs)", "", "| path | runs | total µs/request | spread (min-max) |",
           "| --- | ---: | ---: | --- |"]
    summary = {}
    for k in kinds:
        totals = [r["user_us"] + r["sys_us"] for r in runs if r["kind"] == k]
        summary[k] = statistics.median(totals)
        md.append("| %s | %d | **%.1f** | %.1f-%.1f |" % (k, len(totals), summary[k], min(totals), max(totals)))
    if perf == "1":
        def table(title, key, names):
            rows = ["", "## " + title, "", "| | " + " | ".join(kinds) + " |", "| --- |" + " ---: |" * len(kinds)]
            for name in names:
                cells = []
                for k in kinds:
                    vals = [r["split"][key].get(name, 0) for r in runs if r["kind"] == k and r["split"]]
                    cells.append("%.1f" % statistics.median(vals) if vals else "-")
                rows.append("| %s | %s |" % (name, " | ".join(cells)))
            return rows
        dsos = sorted({d for r in runs if r["split"] for d in r["split"]["dso"]})
        threads = sorted({t for r in runs if r["split"] for t in r["split"]["threads"]})
        md += table("Where the CPU went, µs per request (exclusive: where the sampled instruction was)", "dso", dsos)
        md += table("By thread, µs per request", "threads", threads)
        md += table("By owner, µs per request (the features: samples whose stack passes through them, "
                    "library code they call included, so they overlap; the libraries and the kernel: "
                    "their own code only)", "owners", [name for name, _, _ in OWNERS])
    open(out_md, "w").write("\n".join(md) + "\n")
    json.dump({"commit": commit, "runs": runs, "median_total_us": summary}, open(out_json, "w"), indent=1)


if __name__ == "__main__":
    main()
