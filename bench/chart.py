#!/usr/bin/env python3
"""Draws bench/results/routing.png (and latency.png) from latest.json with matplotlib (Agg, no display).

    python3 bench/chart.py RESULTS/latest.json OUT.png [LATENCY.png]

OUT.png, left: requests/s of each routing path (bar = median, dots = rounds); right: p99 latency (ms).
LATENCY.png (issue 15): p99 (log scale) against offered requests/s from the open-loop sweep, one line
per path, with the fixed-rate runs at 25 % and 50 % of the bare gateway's capacity marked.
"""
import json
import sys

import matplotlib
import matplotlib.ticker

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

LABELS = {"direct": "upstream\ndirectly", "nginx": "nginx\nproxy", "gateway-epoll": "gateway\n(epoll)",
          "gateway-nio": "gateway\n(NIO)", "gateway-bare": "bare Spring\nCloud Gateway",
          "netty": "plain Reactor\nNetty proxy"}
COLOURS = {"direct": "#9e9e9e", "nginx": "#2e7d32", "gateway-epoll": "#1565c0", "gateway-nio": "#64b5f6", "gateway-bare": "#ef6c00", "netty": "#8e24aa"}


def main(latest, out):
    rep = json.load(open(latest))
    paths = [p for p in LABELS if rep["routing"].get(p, {}).get("rounds")]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.4), dpi=110)
    for ax, key, median_key, title in ((ax1, "rps", "median_rps", "throughput (requests/s, higher is better)"),
                                       (ax2, "p99_ms", "median_p99_ms", "p99 latency (ms, lower is better)")):
        for i, path in enumerate(paths):
            r = rep["routing"][path]
            ax.bar(i, r[median_key], color=COLOURS[path], width=0.6)
            ax.scatter([i] * len(r["rounds"]), [x[key] for x in r["rounds"]], color="black", s=10, zorder=3)
            ax.annotate(f"{r[median_key]:,.0f}" if key == "rps" else f"{r[median_key]:.1f}",
                        (i, r[median_key]), ha="center", va="bottom", fontsize=8, xytext=(0, 2),
                        textcoords="offset points")
        ax.set_xticks(range(len(paths)), [LABELS[p] for p in paths], fontsize=8)
        ax.set_title(title, fontsize=9)
        ax.grid(axis="y", alpha=0.3)
    s = rep["meta"]["settings"]
    fig.suptitle(f"acl-gateway routing bench {rep['meta']['date']}: wrk {s['wrk']}, median of "
                 f"{s['rounds']} rounds (dots)", fontsize=9)
    fig.tight_layout()
    fig.savefig(out)


def latency(latest, out):
    rep = json.load(open(latest))
    sweep, openloop = rep.get("sweep", {}), rep.get("openloop", {})
    if not sweep and not openloop:
        print("chart: no open-loop figures, no latency chart", file=sys.stderr)
        return
    fig, ax = plt.subplots(figsize=(9, 5), dpi=110)
    for path in LABELS:
        label = LABELS[path].replace("\n", " ")
        points = sweep.get(path, [])
        if points:
            ax.plot([x["offered_rps"] for x in points], [max(x["p99_ms"], 0.01) for x in points], marker="o",
                    markersize=3, color=COLOURS[path], label=f"{label} (sweep)")
        runs = [(o["paths"][path]["offered_rps"], o["paths"][path]["median_p99_ms"]) for o in openloop.values()
                if path in o["paths"] and o["paths"][path]["median_p99_ms"] is not None]
        if runs:
            ax.scatter([x for x, _ in runs], [max(y, 0.01) for _, y in runs], marker="D", s=36, color=COLOURS[path],
                       edgecolors="black", zorder=3, label=None if points else f"{label} (fixed rates)")
    for share, o in openloop.items():
        rate = next((p["offered_rps"] for p in o["paths"].values()), None)
        if rate:
            ax.axvline(rate, color="grey", linestyle="--", linewidth=0.8)
            ax.annotate(f"{share} % of bare", (rate, 1), xycoords=("data", "axes fraction"), fontsize=8,
                        rotation=90, ha="right", va="top", xytext=(-2, -4), textcoords="offset points")
    # Both axes logarithmic: nginx's rates are several times the JVM paths', whose curves would
    # otherwise crowd the left edge.
    ax.scatter([], [], marker="D", s=36, color="white", edgecolors="black",
               label=f"median of the fixed-rate rounds ({', '.join(openloop)} % of bare)")
    ax.set_yscale("log")
    ax.set_xscale("log")
    plain = matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}")
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(plain)
        axis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.set_xlabel("offered requests/s (open loop, log scale)", fontsize=9)
    ax.set_ylabel("p99 latency, ms (log scale; coordinated omission corrected)", fontsize=9)
    ax.grid(which="both", alpha=0.3)
    ax.legend(fontsize=8)
    s = rep["meta"]["settings"]
    ol = s.get("openloop", {})
    fig.suptitle(f"acl-gateway latency against offered rate {rep['meta']['date']}: sweep runs of "
                 f"{ol.get('sweep_seconds', '?')} s; diamonds: median of {s['rounds']} fixed-rate rounds of "
                 f"{ol.get('seconds', '?')} s", fontsize=9)
    fig.tight_layout()
    fig.savefig(out)


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: chart.py LATEST_JSON OUT_PNG [LATENCY_PNG]")
    main(sys.argv[1], sys.argv[2])
    if len(sys.argv) == 4:
        latency(sys.argv[1], sys.argv[3])
