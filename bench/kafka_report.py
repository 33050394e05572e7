#!/usr/bin/env python3
"""The report of bench/kafka.sh (standard library only): bench/results/kafka.json and kafka.md.

    kafka_report.py RESULTS CEILING_BEFORE CEILING_AFTER KAFKA_RESULT LOAD_START LOAD_END GW_HWM_KB COMMIT THREADS_TXT SETTINGS
"""
import datetime
import json
import os
import platform
import re
import sys


def main():
    results, before, after, kafka, load_start, load_end, hwm_kb, commit, threads_txt, settings = sys.argv[1:]
    before, after, kafka = json.loads(before), json.loads(after), json.loads(kafka)
    ceiling = (before["msgs_per_s"] + after["msgs_per_s"]) / 2
    rate = kafka["events_per_s"]
    cpu = re.search(r"model name\s*:\s*(.*)", open("/proc/cpuinfo").read())
    threads = open(threads_txt).read().strip() if os.path.exists(threads_txt) else ""
    report = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "commit": commit,
        "nproc": os.cpu_count(),
        "cpu_model": cpu.group(1) if cpu else "unknown",
        "kernel": platform.release(),
        "load_start": load_start.split(),
        "load_end": load_end.split(),
        "settings": settings,
        "ceiling_before": before,
        "ceiling_after": after,
        "ceiling_msgs_per_s": ceiling,
        "kafka": kafka,
        "kafka_over_ceiling": rate / ceiling,
        "gateway_vmhwm_kb": int(hwm_kb or 0),
        "threads": threads,
    }
    json.dump(report, open(os.path.join(results, "kafka.json"), "w"), indent=2)

    ratio = rate / ceiling
    lines = [
        f"# Kafka → queue ({report['date']}, commit `{commit}`)",
        "",
        f"{settings}; load average {load_start} at start, {load_end} at the end.",
        "",
        "| target (issue 13) | figure reached | holds |",
        "| --- | --- | --- |",
        f"| events from Kafka to the queue ≥ 0.9 × the SDK client's ceiling | **{ratio:.3f} ×** "
        f"({rate:,.0f} vs {ceiling:,.0f} msgs/s) | {'yes' if ratio >= 0.9 else '**no**'} |",
        "",
        "| path | events (msgs)/s | notes |",
        "| --- | ---: | --- |",
        f"| SDK client, `SendMessageBatch` of 10, {before['concurrency']} senders, before | "
        f"{before['msgs_per_s']:,.0f} | {before['failed_calls']} failed calls |",
        f"| SDK client, the same, after | {after['msgs_per_s']:,.0f} | {after['failed_calls']} failed calls |",
        f"| **Kafka intake**, {kafka['partitions']} partitions, {kafka['events']:,} events measured after "
        f"{kafka['warmup_events']:,} to warm it | **{rate:,.0f}** | "
        f"{kafka['events_per_s_first_to_last']:,.0f}/s from the first message to the last, cold start included |",
        "",
        f"- Gateway CPU per event (measured part): **{kafka['gateway_cpu_us_per_event']:.0f} µs** "
        f"({kafka['gateway_cpu_cores']:.2f} cores busy); broker {kafka['broker_cpu_us_per_event']:.0f} µs, "
        f"ElasticMQ {kafka['sqs_cpu_us_per_event']:.0f} µs per event.",
        f"- Backlog: lag (end offset − committed, all partitions) at most {kafka['lag_max']:,} records "
        f"(the whole backlog, written before the gateway started); all committed "
        f"{kafka['all_committed_s']:.1f} s after the gateway's start; the commit trailed the queue by at most "
        f"{kafka['commit_trail_max']:,} records.",
        f"- Events/s per 10 s of the backlog: {', '.join(f'{int(r):,}' for r in kafka['rate_per_10s'])}.",
    ]
    if "live_rate" in kafka:
        lines.append(
            f"- Live load, {kafka['live_rate']:,.0f} events/s written for {kafka['live_seconds']} s with the gateway "
            f"running: lag (not yet committed) median {kafka['live_lag_p50']:,}, max **{kafka['live_lag_max']:,}** "
            f"records; not yet on the queue median {kafka['live_not_on_queue_p50']:,}, max "
            f"{kafka['live_not_on_queue_max']:,}; everything on the queue and committed "
            f"{kafka['live_drained_s']:.1f} s after the writing began; gateway CPU "
            f"{kafka['live_gateway_cpu_us_per_event']:.0f} µs per event.")
    lines.append(f"- Gateway VmHWM {int(hwm_kb or 0) / 1024:.0f} MiB.")
    if threads:
        lines += ["", "Gateway CPU by thread during the measured part:", "", "```", threads, "```"]
    open(os.path.join(results, "kafka.md"), "w").write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
