#!/usr/bin/env python3
"""Helpers of bench/profile.sh (standard library only).

    profile.py threads PID SECONDS   CPU per thread kind of PID over SECONDS, from /proc
    profile.py ticks PID             CPU clock ticks (user + system) PID has used so far
    profile.py cost WRK_TXT TICKS THREADS_TXT SECONDS
                                     CPU per request: TICKS of the process over the requests of
                                     wrk's output, the event loops' share from `threads`' output
    profile.py nmt NMT_TXT           the largest committed areas of `jcmd PID VM.native_memory summary`
    profile.py samples SAMPLES_TXT   JFR execution samples (`jfr print --events jdk.ExecutionSample`)
                                     of the Netty event loops, by what their stacks pass through
"""
import collections
import os
import re
import sys
import time


def thread_cpu(pid):
    ticks = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            name = open(f"/proc/{pid}/task/{tid}/comm").read().strip()
            stat = open(f"/proc/{pid}/task/{tid}/stat").read()
            fields = stat[stat.rindex(")") + 2:].split()
            ticks[tid] = (name, int(fields[11]) + int(fields[12]))
        except OSError:
            pass
    return ticks


def threads(pid, seconds):
    hz = os.sysconf("SC_CLK_TCK")
    before = thread_cpu(pid)
    time.sleep(seconds)
    after = thread_cpu(pid)
    kinds = collections.Counter()
    for tid, (name, value) in after.items():
        kinds[re.sub(r"[#\-]?\d+$", "", name)] += value - before.get(tid, (name, 0))[1]
    total = sum(kinds.values())
    print(f"CPU of the gateway's threads over {seconds:.0f} s: {100 * total / hz / seconds:.0f} % of one core")
    for kind, value in kinds.most_common(8):
        if value:
            print(f"  {100 * value / hz / seconds:6.1f} %  {kind}")


# What a sampled stack passes through (inclusive: a sample counts once in each group it touches).
GROUPS = [
    ("observation, tracing, context propagation (io.micrometer.observation/tracing/context, "
     "io.opentelemetry, reactor context restoring)",
     re.compile(r"io\.micrometer\.(observation|tracing|context)|io\.opentelemetry|"
                r"ContextRestoring|ContextPropagation|Observation")),
    ("metrics (io.micrometer.core, prometheus)", re.compile(r"io\.micrometer\.core|io\.prometheus")),
    ("Spring Cloud Gateway filters and handler (org.springframework.cloud.gateway)",
     re.compile(r"org\.springframework\.cloud\.gateway")),
    ("acl-gateway's own code (io.aclgateway)", re.compile(r"io\.aclgateway")),
    ("resilience4j (circuit breaker, bulkhead)", re.compile(r"io\.github\.resilience4j")),
    ("HTTP client: Reactor Netty connection pool and client (reactor.netty.http.client, reactor.netty.resources)",
     re.compile(r"reactor\.netty\.(http\.client|resources)")),
    ("HTTP codec (io.netty.handler.codec.http)", re.compile(r"io\.netty\.handler\.codec\.http")),
]
LEAF_PACKAGES = [
    ("io.micrometer / io.opentelemetry", re.compile(r"^(io\.micrometer|io\.opentelemetry)")),
    ("reactor.core", re.compile(r"^reactor\.core|^reactor\.util")),
    ("reactor.netty", re.compile(r"^reactor\.netty")),
    ("io.netty", re.compile(r"^io\.netty")),
    ("org.springframework.cloud.gateway", re.compile(r"^org\.springframework\.cloud\.gateway")),
    ("org.springframework (other)", re.compile(r"^org\.springframework")),
    ("io.aclgateway", re.compile(r"^io\.aclgateway")),
    ("java.* / jdk.* / sun.*", re.compile(r"^(java|jdk|sun)\.")),
]
FRAME = re.compile(r"^\s+([\w$.]+)\.([\w$<>]+)\(", re.M)


def samples(path):
    text = open(path).read()
    events = text.split("jdk.ExecutionSample")[1:]
    loops = [e for e in events if "reactor-http-" in e]
    if not loops:
        print("no samples of the Netty event loops")
        return
    groups = collections.Counter()
    leaves = collections.Counter()
    methods = collections.Counter()
    for event in loops:
        frames = FRAME.findall(event)
        if not frames:
            continue
        stack = "\n".join(f"{cls}.{method}" for cls, method in frames)
        for label, pattern in GROUPS:
            if pattern.search(stack):
                groups[label] += 1
        leaf = f"{frames[0][0]}.{frames[0][1]}"
        methods[leaf] += 1
        for label, pattern in LEAF_PACKAGES:
            if pattern.search(leaf):
                leaves[label] += 1
                break
        else:
            leaves["other"] += 1
    n = len(loops)
    print(f"JFR execution samples on the Netty event loops: {n} (Java code only: time in the kernel, "
          "the JIT compiler and GC is not sampled here; see the thread CPU above)")
    print("Share of samples whose stack passes through (inclusive, groups overlap):")
    for label, _ in GROUPS:
        print(f"  {100 * groups[label] / n:5.1f} %  {label}")
    print("Share of samples by the package of the running method (self time):")
    for label, count in leaves.most_common():
        print(f"  {100 * count / n:5.1f} %  {label}")
    print("Top running methods (self time):")
    for method, count in methods.most_common(15):
        print(f"  {100 * count / n:5.1f} %  {method}")


def ticks(pid):
    stat = open(f"/proc/{pid}/stat").read()
    fields = stat[stat.rindex(")") + 2:].split()
    return int(fields[11]) + int(fields[12])


def cost(wrk_path, process_ticks, threads_path, seconds):
    hz = os.sysconf("SC_CLK_TCK")
    found = re.search(r"(\d+) requests in ([\d.]+)(m?s)", open(wrk_path).read())
    if not found or not int(found.group(1)):
        print("CPU per request: wrk reported no requests")
        return
    requests = int(found.group(1))
    print(f"CPU per request: {1e6 * process_ticks / hz / requests:.0f} µs of the whole process "
          f"({process_ticks / hz:.1f} CPU-s over wrk's {requests:,} requests)")
    # threads' output: "  157.0 %  reactor-http-ep" per kind, over the same SECONDS as wrk.
    loops = sum(float(m.group(1)) for m in
                re.finditer(r"^\s+([\d.]+) %\s+reactor-http-", open(threads_path).read(), re.M))
    print(f"  of which the Netty event loops {1e6 * loops / 100 * seconds / requests:.0f} µs "
          f"({loops:.0f} % of one core over {seconds:.0f} s)")


def nmt(path):
    text = open(path).read()
    total = re.search(r"Total: reserved=(\d+)MB, committed=(\d+)MB", text)
    if total:
        print(f"  total committed {total.group(2)} MB")
    areas = re.findall(r"^-\s+([\w ]+?) \(reserved=(\d+)MB, committed=(\d+)MB\)", text, re.M)
    for name, _, committed in sorted(areas, key=lambda a: -int(a[2]))[:8]:
        print(f"  {int(committed):5d} MB  {name.strip()}")


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "threads":
        threads(sys.argv[2], float(sys.argv[3]))
    elif len(sys.argv) == 3 and sys.argv[1] == "ticks":
        print(ticks(sys.argv[2]))
    elif len(sys.argv) == 6 and sys.argv[1] == "cost":
        cost(sys.argv[2], int(sys.argv[3]), sys.argv[4], float(sys.argv[5]))
    elif len(sys.argv) == 3 and sys.argv[1] == "nmt":
        nmt(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "samples":
        samples(sys.argv[2])
    else:
        sys.exit(__doc__)
