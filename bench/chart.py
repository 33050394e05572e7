#!/usr/bin/env python3
"""Draws bench/results/routing.png from latest.json with matplotlib (Agg, no display).

    python3 bench/chart.py RESULTS/latest.json OUT.png

Left: requests/s of each routing path (bar = median, dots = rounds); right: p99 latency (ms).
"""
import json
import sys

import matplotlib

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


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: chart.py LATEST_JSON OUT_PNG")
    main(sys.argv[1], sys.argv[2])
