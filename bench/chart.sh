#!/usr/bin/env bash
# Draws the routing chart (PNG) from latest.json: with matplotlib when some python3 has it
# (as root, Debian's python3-matplotlib is installed when none has), else with gnuplot
# (gnuplot-nox, installed the same way), else it says why there is no chart and fails.
#
#   bench/chart.sh bench/results/latest.json bench/results/routing.png [bench/results/latency.png]
# (the latency chart of issue 15, p99 against offered rate: matplotlib only)
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
latest=$1
out=$2
latency_out=${3:-}

matplotlib_python() {
  local py
  for py in python3 /usr/bin/python3; do
    if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import matplotlib' >/dev/null 2>&1; then
      echo "$py"
      return 0
    fi
  done
  return 1
}
can_install() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

if ! py=$(matplotlib_python) && can_install; then
  echo "chart: installing python3-matplotlib (Debian)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-matplotlib >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-matplotlib >/dev/null 2>&1; } \
    || true
  py=$(matplotlib_python) || true
fi
if [ -n "${py:-}" ]; then
  "$py" "$BENCH_DIR/chart.py" "$latest" "$out" ${latency_out:+"$latency_out"}
  echo "chart: $out${latency_out:+ and $latency_out} (matplotlib)" >&2
  exit 0
fi

if ! command -v gnuplot >/dev/null 2>&1 && can_install; then
  echo "chart: installing gnuplot-nox (Debian)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gnuplot-nox >/dev/null 2>&1 || true
fi
if command -v gnuplot >/dev/null 2>&1; then
  data=$(mktemp)
  trap 'rm -f "$data"' EXIT
  python3 - "$latest" > "$data" <<'PY'
import json, sys
rep = json.load(open(sys.argv[1]))
for path in ("direct", "nginx", "gateway-epoll", "gateway-nio", "gateway-bare", "netty"):
    r = rep["routing"].get(path)
    if r and r["rounds"]:
        print(f'"{path}" {r["median_rps"]:.1f} {r["median_p99_ms"]:.3f}')
PY
  gnuplot <<GP
set terminal pngcairo size 1000,420 font ",9" noenhanced
set output "$out"
set multiplot layout 1,2 title "acl-gateway routing bench (median of rounds)"
set style data histograms
set style fill solid 0.8
set boxwidth 0.6
set grid ytics
set yrange [0:*]
set title "throughput (requests/s)"
plot "$data" using 2:xtic(1) notitle lc rgb "#1565c0"
set title "p99 latency (ms)"
plot "$data" using 3:xtic(1) notitle lc rgb "#2e7d32"
unset multiplot
GP
  echo "chart: $out (gnuplot)${latency_out:+; no $latency_out: it needs matplotlib}" >&2
  exit 0
fi

echo "chart: skipped: neither python3 with matplotlib nor gnuplot is available (as root the bench installs python3-matplotlib or gnuplot-nox)" >&2
exit 1
