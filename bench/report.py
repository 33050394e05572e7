#!/usr/bin/env python3
"""Turns a bench run's raw.jsonl (bench/run.sh) into latest.json and latest.md.

    python3 bench/report.py RAW_JSONL RESULTS_DIR

Medians over the rounds; ratios are taken per round (each round's paths ran back to back) and
their median is what the targets of issue 6 are checked against. Standard library only.
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
PATHS = ["direct", "nginx", "gateway-epoll", "gateway-nio", "gateway-bare", "netty"]


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
        routing.setdefault(r["target"], {})[r["round"]] = {
            "rps": w["rps"], "p50_ms": w["p50_us"] / 1000, "p90_ms": w["p90_us"] / 1000,
            "p99_ms": w["p99_us"] / 1000, "max_ms": w["max_us"] / 1000, "requests": w["requests"],
            "errors": sum(w["errors"].values()),
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
        "## Routing (median of the rounds; ratios are medians of per-round ratios)",
        "",
        "| path | req/s | p50 ms | p99 ms | errors | per round req/s |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for path in PATHS:
        p = r[path]
        label = {"direct": "upstream directly", "nginx": "nginx proxy (keep-alive)",
                 "gateway-epoll": "gateway (epoll, default)", "gateway-nio": "gateway (NIO)",
                 "gateway-bare": "bare Spring Cloud Gateway (stack ceiling)",
                 "netty": "plain Reactor Netty proxy (transport floor)"}[path]
        lines.append(f"| {label} | {fmt(p['median_rps'])} | {fmt(p['median_p50_ms'], '.2f')} | "
                     f"{fmt(p['median_p99_ms'], '.2f')} | {p['errors']} | "
                     f"{', '.join(fmt(x['rps']) for x in p['rounds'])} |")
    lines += [
        "",
        f"- gateway / nginx req/s: **{fmt(median(rt['gateway_vs_nginx_rps_per_round']), '.3f')}** "
        f"(per round {', '.join(fmt(x, '.3f') for x in rt['gateway_vs_nginx_rps_per_round'])})",
        f"- gateway p99 - nginx p99: **{fmt(median(rt['gateway_minus_nginx_p99_ms_per_round']), '.2f')} ms** "
        f"(per round {', '.join(fmt(x, '.2f') for x in rt['gateway_minus_nginx_p99_ms_per_round'])})",
        f"- nginx / direct req/s: {fmt(median(rt['nginx_vs_direct_rps_per_round']), '.3f')}",
        f"- NIO / epoll req/s: {fmt(median(rt['nio_vs_epoll_rps_per_round']), '.3f')}; "
        f"NIO p99 - epoll p99: {fmt(median(rt['nio_minus_epoll_p99_ms_per_round']), '.2f')} ms "
        f"(transports seen in the threads: {rep['transport']})",
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
        "## Targets of issue 6",
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
