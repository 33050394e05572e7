#!/usr/bin/env python3
"""Turns a bench run's raw.jsonl (bench/run.sh) into latest.json and latest.md.

    python3 bench/report.py RAW_JSONL RESULTS_DIR

Medians over the rounds; ratios and differences are taken per round (each round's paths ran back
to back) and their median is what the targets of issues 6 and 15 are checked against. Open-loop
runs (kind "openloop": fixed rates, 25 % and 50 % of the bare gateway's closed-loop req/s) and the
sweep (kind "sweep": latency against offered rate) come from bench/java/.../OpenLoad.java. CPU time
per request is each path's processes' utime+stime over a closed-loop round, divided by wrk's
requests. Standard library only.
"""
import json
import statistics
import sys
from pathlib import Path

TARGETS = {
    "routing_throughput": "gateway req/s >= 0.8 x nginx req/s (32 connections)",
    "routing_p99": "gateway p99 <= nginx p99 + 2 ms (32 connections)",
    "events_throughput": "gateway msgs/s >= 0.9 x the queue's own ceiling",
    "rss": "gateway RSS under load <= 400 MiB (Dockerfile JVM flags; peak VmHWM over routing and event load)",
    "ready": "gateway ready <= 5 s after process start",
}
TARGETS_15 = {
    "throughput_vs_bare": "gateway req/s >= 1.0 x the bare Spring Cloud Gateway's (closed loop, 32 connections)",
    "p99_25": "gateway p99 <= nginx p99 + 1 ms, open loop at 25 % of the bare gateway's req/s",
    "p99_50": "gateway p99 <= nginx p99 + 1 ms, open loop at 50 % of the bare gateway's req/s",
    "rss": "gateway RSS under load <= 400 MiB (Dockerfile JVM flags)",
    "ready": "gateway ready <= 5 s after process start",
    "events_throughput": "gateway msgs/s >= 0.9 x the queue's ceiling (SDK client)",
}
# gateway-nio: runs before issue 15 only (it chose epoll); shown when a raw file has it.
PATHS = ["direct", "nginx", "gateway-epoll", "gateway-nio", "gateway-bare", "netty"]
OPEN_PATHS = ["nginx", "gateway-bare", "gateway-epoll", "netty"]
SHORT = {"direct": "upstream directly", "nginx": "nginx", "gateway-epoll": "gateway (ours, epoll)",
         "gateway-nio": "gateway (ours, NIO)", "gateway-bare": "bare Spring Cloud Gateway",
         "netty": "plain Reactor Netty proxy"}
LABELS = {"direct": "upstream directly", "nginx": "nginx proxy (keep-alive)",
          "gateway-epoll": "gateway (epoll, default)", "gateway-nio": "gateway (NIO)",
          "gateway-bare": "bare Spring Cloud Gateway (stack ceiling)",
          "netty": "plain Reactor Netty proxy (transport floor)"}


def median(values):
    return statistics.median(values) if values else None


def main(raw_path, results_dir):
    records = [json.loads(line) for line in Path(raw_path).read_text().splitlines() if line.strip()]
    meta = next(r for r in records if r["kind"] == "meta")
    end = next((r for r in records if r["kind"] == "end"), {})
    transport = next((r for r in records if r["kind"] == "transport"), {})

    routing = {}
    for r in (r for r in records if r["kind"] == "routing"):
        w = r["wrk"]
        cpu = None
        if r.get("cpu_ticks") is not None and w["requests"] > 0:
            cpu = r["cpu_ticks"] * 1e6 / r.get("clk_tck", 100) / w["requests"]
        routing.setdefault(r["target"], {})[r["round"]] = {
            "rps": w["rps"], "p50_ms": w["p50_us"] / 1000, "p90_ms": w["p90_us"] / 1000,
            "p99_ms": w["p99_us"] / 1000, "max_ms": w["max_us"] / 1000, "requests": w["requests"],
            "errors": sum(w["errors"].values()), "cpu_us_per_request": cpu,
        }
    rounds = sorted({rnd for per in routing.values() for rnd in per})
    routing_summary = {}
    for path in PATHS:
        per = routing.get(path, {})
        routing_summary[path] = {
            "rounds": [per[r] for r in rounds if r in per],
            "median_rps": median([v["rps"] for v in per.values()]),
            "median_p50_ms": median([v["p50_ms"] for v in per.values()]),
            "median_p99_ms": median([v["p99_ms"] for v in per.values()]),
            "errors": sum(v["errors"] for v in per.values()),
            "median_cpu_us_per_request": median([v["cpu_us_per_request"] for v in per.values()
                                                 if v.get("cpu_us_per_request") is not None]),
        }

    def per_round(a, b, f):
        return [f(routing[a][r], routing[b][r]) for r in rounds
                if r in routing.get(a, {}) and r in routing.get(b, {})]

    rps_ratio = per_round("gateway-epoll", "nginx", lambda g, n: g["rps"] / n["rps"])
    p99_diff = per_round("gateway-epoll", "nginx", lambda g, n: g["p99_ms"] - n["p99_ms"])
    nginx_vs_direct = per_round("nginx", "direct", lambda n, d: n["rps"] / d["rps"])
    nio_vs_epoll = per_round("gateway-nio", "gateway-epoll", lambda n, e: n["rps"] / e["rps"])
    nio_p99_diff = per_round("gateway-nio", "gateway-epoll", lambda n, e: n["p99_ms"] - e["p99_ms"])
    bare_vs_nginx = per_round("gateway-bare", "nginx", lambda b, n: b["rps"] / n["rps"])
    gateway_vs_bare = per_round("gateway-epoll", "gateway-bare", lambda g, b: g["rps"] / b["rps"])
    netty_vs_nginx = per_round("netty", "nginx", lambda n, x: n["rps"] / x["rps"])

    openloop = {}
    for r in (r for r in records if r["kind"] == "openloop"):
        openloop.setdefault(r["share"], {}).setdefault(r["target"], {})[r["round"]] = r["load"]
    openloop_summary = {}
    for share, per_path in sorted(openloop.items()):
        summary = {}
        for path, per in per_path.items():
            runs = [per[k] for k in sorted(per)]
            summary[path] = {
                "rounds": runs,
                "offered_rps": median([x["offered_rps"] for x in runs]),
                **{f"median_{k}": median([x[k] for x in runs])
                   for k in ("achieved_rps", "p50_ms", "p90_ms", "p99_ms", "p999_ms", "max_ms")},
                "median_cpu_us_per_request": median([x["cpu_us_per_request"] for x in runs
                                                     if x.get("cpu_us_per_request") is not None]),
                "errors": sum(x["errors"] for x in runs), "timeouts": sum(x["timeouts"] for x in runs),
            }

        def diff(a, b, key="p99_ms"):
            pa, pb = per_path.get(a, {}), per_path.get(b, {})
            return [pa[k][key] - pb[k][key] for k in sorted(pa) if k in pb]

        openloop_summary[str(share)] = {
            "paths": summary,
            "gateway_minus_nginx_p99_ms_per_round": diff("gateway-epoll", "nginx"),
            "gateway_minus_nginx_p999_ms_per_round": diff("gateway-epoll", "nginx", "p999_ms"),
            "bare_minus_nginx_p99_ms_per_round": diff("gateway-bare", "nginx"),
            "gateway_minus_bare_p99_ms_per_round": diff("gateway-epoll", "gateway-bare"),
        }
    sweep = {}
    for r in (r for r in records if r["kind"] == "sweep"):
        d = r["load"]
        sweep.setdefault(r["target"], []).append({
            "step_percent": r["step_percent"], "offered_rps": d["offered_rps"], "achieved_rps": d["achieved_rps"],
            "p50_ms": d["p50_ms"], "p99_ms": d["p99_ms"], "p999_ms": d["p999_ms"], "errors": d["errors"],
            "timeouts": d["timeouts"], "cpu_us_per_request": d.get("cpu_us_per_request")})
    for points in sweep.values():
        points.sort(key=lambda x: x["offered_rps"])

    events = {}
    for r in (r for r in records if r["kind"] == "events"):
        events.setdefault(r["mode"], {})[r["round"]] = r["load"]
    event_rounds = sorted({rnd for per in events.values() for rnd in per})
    events_ratio = [events["gateway"][r]["msgs_per_s"] / events["sqs"][r]["msgs_per_s"] for r in event_rounds
                    if r in events.get("gateway", {}) and r in events.get("sqs", {})
                    and events["sqs"][r]["msgs_per_s"] > 0]
    events_summary = {
        mode: {
            "rounds": [events.get(mode, {})[r] for r in event_rounds if r in events.get(mode, {})],
            "median_msgs_per_s": median([v["msgs_per_s"] for v in events.get(mode, {}).values()]),
            "failed_calls": sum(v["failed_calls"] for v in events.get(mode, {}).values()),
        }
        for mode in ("gateway", "sqs")
    }

    warmup = {}
    for r in (r for r in records if r["kind"] == "warmup"):
        warmup.setdefault(r["target"], []).append({"after_s": r["after_s"], "rps": r["rps"]})
    events_warmup = [r["load"] for r in records if r["kind"] == "events-warmup"]
    rss = {r["phase"]: r for r in records if r["kind"] == "rss"}
    ready_ms = [r["ms"] for r in records if r["kind"] == "ready"]

    mib = lambda kb: round(kb / 1024, 1) if kb else None
    rss_routing = rss.get("routing", {})
    rss_events = rss.get("events", {})
    figures = {
        "routing_throughput": median(rps_ratio),
        "routing_p99": median(p99_diff),
        "events_throughput": median(events_ratio),
        "rss": mib(max(rss_routing.get("vmhwm_kb") or 0, rss_events.get("vmhwm_kb") or 0)),
        "ready": median(ready_ms),
    }
    holds = {
        "routing_throughput": figures["routing_throughput"] is not None and figures["routing_throughput"] >= 0.8,
        "routing_p99": figures["routing_p99"] is not None and figures["routing_p99"] <= 2.0,
        "events_throughput": figures["events_throughput"] is not None and figures["events_throughput"] >= 0.9,
        "rss": figures["rss"] is not None and figures["rss"] <= 400,
        "ready": figures["ready"] is not None and figures["ready"] <= 5000,
    }
    ol = lambda share, key: median(openloop_summary.get(share, {}).get(key, []))
    figures_15 = {
        "throughput_vs_bare": median(gateway_vs_bare),
        "p99_25": ol("25", "gateway_minus_nginx_p99_ms_per_round"),
        "p99_50": ol("50", "gateway_minus_nginx_p99_ms_per_round"),
        "rss": figures["rss"],
        "ready": figures["ready"],
        "events_throughput": figures["events_throughput"],
    }
    limits_15 = {"throughput_vs_bare": (1.0, ">="), "p99_25": (1.0, "<="), "p99_50": (1.0, "<="),
                 "rss": (400, "<="), "ready": (5000, "<="), "events_throughput": (0.9, ">=")}
    holds_15 = {k: figures_15[k] is not None and (figures_15[k] >= lim if op == ">=" else figures_15[k] <= lim)
                for k, (lim, op) in limits_15.items()}
    report = {
        "meta": meta,
        "load_end": end.get("load_end"),
        "transport": {k: v for k, v in transport.items() if k != "kind"},
        "routing": routing_summary,
        "ratios": {
            "gateway_vs_nginx_rps_per_round": rps_ratio,
            "gateway_minus_nginx_p99_ms_per_round": p99_diff,
            "nginx_vs_direct_rps_per_round": nginx_vs_direct,
            "nio_vs_epoll_rps_per_round": nio_vs_epoll,
            "nio_minus_epoll_p99_ms_per_round": nio_p99_diff,
            "bare_vs_nginx_rps_per_round": bare_vs_nginx,
            "gateway_vs_bare_rps_per_round": gateway_vs_bare,
            "netty_vs_nginx_rps_per_round": netty_vs_nginx,
            "events_gateway_vs_ceiling_per_round": events_ratio,
        },
        "warmup": warmup,
        "events": events_summary,
        "events_warmup": events_warmup,
        "rss_mib": {
            "routing_max_sampled_vmrss": mib(rss_routing.get("max_vmrss_kb")),
            "routing_vmhwm": mib(rss_routing.get("vmhwm_kb")),
            "events_max_sampled_vmrss": mib(rss_events.get("max_vmrss_kb")),
            "events_vmhwm": mib(rss_events.get("vmhwm_kb")),
        },
        "ready_ms": {"starts": ready_ms, "median": median(ready_ms)},
        "targets": {k: {"target": TARGETS[k], "figure": figures[k], "holds": holds[k]} for k in TARGETS},
        "openloop": openloop_summary,
        "sweep": sweep,
        "cpu_us_per_request": {path: routing_summary[path]["median_cpu_us_per_request"] for path in PATHS
                               if routing_summary[path]["rounds"]},
        "targets_issue15": {k: {"target": TARGETS_15[k], "figure": figures_15[k], "holds": holds_15[k]}
                            for k in TARGETS_15},
    }
    results = Path(results_dir)
    results.mkdir(parents=True, exist_ok=True)
    (results / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
    (results / "latest.md").write_text(markdown(report))


def fmt(value, spec=".0f"):
    return "n/a" if value is None else format(value, spec)


def warm_text(rep):
    curves = rep.get("warmup", {})
    if not curves:
        return "n/a"
    return ", ".join(f"{t} {c[-1]['after_s']} s" for t, c in curves.items())


def targets_15_text(rep):
    t15 = rep.get("targets_issue15", {})
    units = {"throughput_vs_bare": ("x", ".3f"), "p99_25": (" ms", "+.2f"), "p99_50": (" ms", "+.2f"),
             "rss": (" MiB", ".1f"), "ready": (" ms", ".0f"), "events_throughput": ("x", ".3f")}
    r = rep["routing"]
    ol = rep.get("openloop", {})

    def detail(key):
        if key == "throughput_vs_bare":
            return (f"{fmt(r['gateway-epoll']['median_rps'])} vs {fmt(r['gateway-bare']['median_rps'])} req/s "
                    f"(per round {', '.join(fmt(x, '.3f') for x in rep['ratios']['gateway_vs_bare_rps_per_round'])})")
        if key in ("p99_25", "p99_50"):
            o = ol.get(key[4:], {})
            paths = o.get("paths", {})
            g, n = paths.get("gateway-epoll", {}), paths.get("nginx", {})
            return (f"{fmt(g.get('median_p99_ms'), '.2f')} vs {fmt(n.get('median_p99_ms'), '.2f')} ms at "
                    f"{fmt(g.get('offered_rps'))} req/s (per round "
                    f"{', '.join(fmt(x, '+.2f') for x in o.get('gateway_minus_nginx_p99_ms_per_round', []))})")
        return ""

    lines = ["## Targets of issue 15 (medians of per-round figures)", "",
             "| target | figure | detail | holds |", "| --- | ---: | --- | --- |"]
    for key, t in t15.items():
        unit, spec = units[key]
        if t["figure"] is None:
            lines.append(f"| {t['target']} | n/a | not measured in this run | n/a |")
            continue
        lines.append(f"| {t['target']} | {fmt(t['figure'], spec)}{unit} | {detail(key)} | "
                     f"{'yes' if t['holds'] else '**no**'} |")
    lines += ["", "CPU time per request (closed loop, median of the rounds): "
              + ", ".join(f"{SHORT[p]} {fmt(v, '.1f')} µs"
                          for p, v in rep.get("cpu_us_per_request", {}).items()), ""]
    return lines


def openloop_text(rep):
    ol = rep.get("openloop", {})
    sweep = rep.get("sweep", {})
    lines = []
    if ol:
        lines += ["## Routing, open loop (fixed offered rates; latency from each request's intended send time)", "",
                  "| rate | path | offered req/s | achieved req/s | p50 ms | p99 ms | p99.9 ms | max ms | "
                  "CPU µs/request | errors | timeouts | p99 per round |",
                  "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
        for share, o in ol.items():
            for path in OPEN_PATHS:
                p = o["paths"].get(path)
                if not p:
                    continue
                lines.append(
                    f"| {share} % of bare | {SHORT[path]} | {fmt(p['offered_rps'])} | "
                    f"{fmt(p['median_achieved_rps'])} | {fmt(p['median_p50_ms'], '.2f')} | "
                    f"{fmt(p['median_p99_ms'], '.2f')} | {fmt(p['median_p999_ms'], '.2f')} | "
                    f"{fmt(p['median_max_ms'], '.1f')} | {fmt(p['median_cpu_us_per_request'], '.1f')} | "
                    f"{p['errors']} | {p['timeouts']} | {', '.join(fmt(x['p99_ms'], '.2f') for x in p['rounds'])} |")
        lines.append("")
        for share, o in ol.items():
            lines.append(
                f"- at {share} %: gateway p99 - nginx p99 **{fmt(median(o['gateway_minus_nginx_p99_ms_per_round']), '+.2f')} ms**, "
                f"p99.9 {fmt(median(o['gateway_minus_nginx_p999_ms_per_round']), '+.2f')} ms; bare - nginx p99 "
                f"{fmt(median(o['bare_minus_nginx_p99_ms_per_round']), '+.2f')} ms; gateway - bare p99 "
                f"{fmt(median(o['gateway_minus_bare_p99_ms_per_round']), '+.2f')} ms")
        lines += ["", "CPU µs/request in the open loop: the path's CPU over the whole run (its warm phase "
                  "included) divided by every answer of the run.", ""]
    if sweep:
        lines += ["## Latency against offered rate (sweep, one run per step, up to saturation)", "",
                  "| path | step (% of own closed-loop req/s) | offered req/s | achieved req/s | p50 ms | p99 ms | "
                  "p99.9 ms | errors | timeouts |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for path, points in sweep.items():
            for x in points:
                lines.append(f"| {SHORT.get(path, path)} | {x['step_percent']} | {fmt(x['offered_rps'])} | "
                             f"{fmt(x['achieved_rps'])} | {fmt(x['p50_ms'], '.2f')} | {fmt(x['p99_ms'], '.2f')} | "
                             f"{fmt(x['p999_ms'], '.2f')} | {x['errors']} | {x['timeouts']} |")
        lines += ["", "A path's sweep stops after the first step it saturates at (achieved < 95 % of offered, "
                  "or p99 > 200 ms); chart: latency.png.", ""]
    return lines


def markdown(rep):
    m = rep["meta"]
    s = m["settings"]
    r = rep["routing"]
    rt = rep["ratios"]
    lines = [
        f"# Bench run {m['date']}",
        "",
        f"Machine: {m['nproc']} cores ({m['cpu_model']}), {m['mem_gib']} GiB, kernel {m['kernel']}; "
        f"{m['java']}; {m['nginx']}; {m['wrk']}.",
        f"Gateway commit: {m.get('commit', 'unknown')}.",
        f"Load average (1, 5, 15 min) at start {' '.join(m['load_start'])}, "
        f"at the end {' '.join(rep['load_end'] or ['n/a'])}.",
        f"wrk `{s['wrk']}`, {s['rounds']} rounds after a warm-up of {s['warmup_s']} s (upstream, nginx) and "
        f"{warm_text(rep)} (each gateway, until steady); "
        f"gateway JAVA_TOOL_OPTIONS `{s['gateway_java_tool_options']}`.",
        "",
    ]
    lines += targets_15_text(rep)
    lines += [
        "## Routing, closed loop (median of the rounds; ratios are medians of per-round ratios)",
        "",
        "| path | req/s | p50 ms | p99 ms | CPU µs/request | errors | per round req/s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for path in PATHS:
        p = r[path]
        if not p["rounds"]:
            continue
        lines.append(f"| {LABELS[path]} | {fmt(p['median_rps'])} | {fmt(p['median_p50_ms'], '.2f')} | "
                     f"{fmt(p['median_p99_ms'], '.2f')} | {fmt(p.get('median_cpu_us_per_request'), '.1f')} | "
                     f"{p['errors']} | {', '.join(fmt(x['rps']) for x in p['rounds'])} |")
    lines += ["", "CPU µs/request: utime+stime of the path's processes (nginx: master and workers; a JVM: "
              "all its threads) over each round from /proc/PID/stat, divided by the round's requests; the "
              "upstream's and wrk's CPU are not in it.", ""]
    lines += openloop_text(rep)
    lines += [
        "",
        f"- gateway / nginx req/s: **{fmt(median(rt['gateway_vs_nginx_rps_per_round']), '.3f')}** "
        f"(per round {', '.join(fmt(x, '.3f') for x in rt['gateway_vs_nginx_rps_per_round'])})",
        f"- gateway p99 - nginx p99: **{fmt(median(rt['gateway_minus_nginx_p99_ms_per_round']), '.2f')} ms** "
        f"(per round {', '.join(fmt(x, '.2f') for x in rt['gateway_minus_nginx_p99_ms_per_round'])})",
        f"- nginx / direct req/s: {fmt(median(rt['nginx_vs_direct_rps_per_round']), '.3f')}",
    ]
    if rt["nio_vs_epoll_rps_per_round"]:
        lines.append(f"- NIO / epoll req/s: {fmt(median(rt['nio_vs_epoll_rps_per_round']), '.3f')}; "
                     f"NIO p99 - epoll p99: {fmt(median(rt['nio_minus_epoll_p99_ms_per_round']), '.2f')} ms")
    lines += [
        f"- transports seen in the threads: {rep['transport']}",
        f"- bare Spring Cloud Gateway / nginx req/s: {fmt(median(rt['bare_vs_nginx_rps_per_round']), '.3f')}; "
        f"gateway / bare Spring Cloud Gateway req/s: {fmt(median(rt['gateway_vs_bare_rps_per_round']), '.3f')}; "
        f"plain Reactor Netty proxy / nginx req/s: {fmt(median(rt['netty_vs_nginx_rps_per_round']), '.3f')}",
        "",
        "Gateway warm-up curve (req/s per 10 s of load): "
        + "; ".join(f"{t}: {', '.join(str(c['rps']) for c in curve)}" for t, curve in rep["warmup"].items()),
        "",
        "## Events (signed batches of 100 to the gateway vs SendMessageBatch of 10 straight to the queue)",
        "",
        "| path | msgs/s (median) | per round | failed calls |",
        "| --- | ---: | --- | ---: |",
    ]
    for mode, label in (("gateway", "gateway POST /events"), ("sqs", "SendMessageBatch direct (ceiling)")):
        e = rep["events"][mode]
        lines.append(f"| {label} | {fmt(e['median_msgs_per_s'])} | "
                     f"{', '.join(fmt(x['msgs_per_s']) for x in e['rounds'])} | {e['failed_calls']} |")
    lines += [
        "",
        f"- gateway / ceiling: **{fmt(median(rt['events_gateway_vs_ceiling_per_round']), '.3f')}** "
        f"(per round {', '.join(fmt(x, '.3f') for x in rt['events_gateway_vs_ceiling_per_round'])}), "
        f"{s['event_concurrency']} concurrent senders each way",
        "",
        "Event warm-up (msgs/s per 10 s step): "
        + "; ".join(f"{mode}: " + ", ".join(f"{w['msgs_per_s']:.0f}" for w in rep["events_warmup"] if w["mode"] == mode)
                    for mode in ("gateway", "sqs")),
        "",
        "## Memory and start",
        "",
        f"- RSS under routing load: max sampled VmRSS {fmt(rep['rss_mib']['routing_max_sampled_vmrss'], '.1f')} MiB, "
        f"VmHWM {fmt(rep['rss_mib']['routing_vmhwm'], '.1f')} MiB; after the event load: max sampled VmRSS "
        f"{fmt(rep['rss_mib']['events_max_sampled_vmrss'], '.1f')} MiB, VmHWM {fmt(rep['rss_mib']['events_vmhwm'], '.1f')} MiB",
        f"- ready (process start to readiness UP): median **{fmt(rep['ready_ms']['median'])} ms** "
        f"(starts: {', '.join(str(x) for x in rep['ready_ms']['starts'])} ms)",
        "",
        "## Targets of issue 6 (kept for comparison with earlier runs)",
        "",
        "| target | figure | holds |",
        "| --- | ---: | --- |",
    ]
    units = {"routing_throughput": ("x", ".3f"), "routing_p99": (" ms", ".2f"), "events_throughput": ("x", ".3f"),
             "rss": (" MiB", ".1f"), "ready": (" ms", ".0f")}
    for key, t in rep["targets"].items():
        unit, spec = units[key]
        lines.append(f"| {t['target']} | {fmt(t['figure'], spec)}{unit} | {'yes' if t['holds'] else '**no**'} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: report.py RAW_JSONL RESULTS_DIR")
    main(sys.argv[1], sys.argv[2])
