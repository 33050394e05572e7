#!/usr/bin/env bash
# The shadow-read leg of the benchmark (issue 14): what shadowing costs the proxy path, three
# gateways side by side in one run, in alternation, every request routed to legacy.
#
#   bench/shadow.sh                        # about 8 minutes on the 2-core box
#   ROUNDS=1 WRK_DURATION=5 WARMUP_MIN=10 WARMUP_MAX=20 bench/shadow.sh   # a smoke run
#
# What it does (all on 127.0.0.1, every process it starts is stopped on exit):
#   1. builds the gateway if target/ has no jar (BUILD=always forces it) and lays it out as the image
#      holds it (.ci/image-layout.sh), run with the Dockerfile's JAVA_TOOL_OPTIONS in a 512 MiB
#      "container" as bench/run.sh does;
#   2. starts the tiny upstream (bench/nginx/upstream.conf) as both legacy and Falcon;
#   3. starts three gateways on routing files written here, all sending every request to legacy:
#      none  - no shadow section (the proxy path as before shadow reads),
#      idle  - a shadow section whose one rule matches nothing (the cost of having rules),
#      ten   - 10 % of the reads shadowed (percent 10, noise-percent 5: spec's example);
#   4. warms each until steady, then ROUNDS rounds of wrk against each in rotating order, with the
#      gateway's CPU time per request from /proc;
#   5. writes bench/results/shadow.json and shadow.md, with the shadow outcomes the "ten" gateway
#      counted (acl_shadow_requests_total), which show that it did shadow.
#
# Settings (environment): ROUNDS (3), WRK_THREADS (2), WRK_CONNECTIONS (32), WRK_DURATION (15, s),
# WARMUP_MIN and WARMUP_MAX (40 and 150, s), CONTAINER_MEMORY (512m), GATEWAY_EXTRA_OPTS,
# BUILD=always, MVN_FLAGS, KEEP_WORK=1.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
RESULTS="$BENCH_DIR/results"
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"

ROUNDS=${ROUNDS:-3}
WRK_DURATION=${WRK_DURATION:-15}
WARMUP_MIN=${WARMUP_MIN:-40}
WARMUP_MAX=${WARMUP_MAX:-150}
UPSTREAM_PORT=18081   # bench/nginx/upstream.conf
declare -A PORT=([none]=18120 [idle]=18122 [ten]=18124)
declare -A MGMT=([none]=18121 [idle]=18123 [ten]=18125)
declare -A PID_OF=()
TARGETS=(none idle ten)
REQUEST_PATH=/v1/rooms/42
USER_AGENT='ChatWork/4.9.0 (iOS 17.4.1; iPhone15,2)'

need_tools nginx wrk curl python3
ports_free "$UPSTREAM_PORT" "${PORT[@]}" "${MGMT[@]}"

WORK=$(mktemp -d /tmp/acl-bench-shadow.XXXXXX)
log "work folder $WORK"
prepare_image

# --- routing files: everything to legacy; the shadow section is the only difference ---------------
base='mode: rules
default: legacy
rules: []'
printf '%s\n' "$base" > "$WORK/none.yml"
printf '%s\n%s\n' "$base" 'shadow:
  percent: 10
  noise-percent: 5
  rules:
    - name: never
      paths: ["/v1/never/**"]' > "$WORK/idle.yml"
printf '%s\n%s\n' "$base" 'shadow:
  percent: 10
  noise-percent: 5
  rules:
    - name: rooms-read
      paths: ["/v1/rooms/**"]
      room: "/v1/rooms/{rid}/**"
      compare:
        legacy: ""
        falcon: ""' > "$WORK/ten.yml"

log "starting the tiny upstream (nginx) on $UPSTREAM_PORT: legacy and Falcon alike"
mkdir -p "$WORK/nginx-upstream"
nginx -c "$BENCH_DIR/nginx/upstream.conf" -p "$WORK/nginx-upstream" -e "$WORK/nginx-upstream/error.log" &
started $!
wait_port "$UPSTREAM_PORT" "nginx upstream"

for target in "${TARGETS[@]}"; do
  log "starting gateway-$target on ${PORT[$target]}"
  start_gateway "$target" ACL_FALCON_URI="http://127.0.0.1:$UPSTREAM_PORT" ACL_LEGACY_URI="http://127.0.0.1:$UPSTREAM_PORT" \
    ACL_ROUTING_FILE="$WORK/$target.yml" SERVER_PORT="${PORT[$target]}" MANAGEMENT_SERVER_PORT="${MGMT[$target]}"
  PID_OF[$target]=$GW_PID
  wait_ready "${MGMT[$target]}" "$GW_PID"
  got=$(curl -sf -A "$USER_AGENT" -D "$WORK/head-$target.txt" "http://127.0.0.1:${PORT[$target]}$REQUEST_PATH") \
    || die "gateway-$target did not answer $REQUEST_PATH with 2xx"
done

url() { echo "http://127.0.0.1:${PORT[$1]}$REQUEST_PATH"; }
RAW="$WORK/raw.jsonl"
printf '{"kind":"meta","date":"%s","commit":"%s","nproc":%d,"load_start":"%s","rounds":%d,"wrk":"-t%s -c%s -d%ss"}\n' \
  "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(git -C "$REPO" log -1 --format=%h)" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" \
  "$ROUNDS" "${WRK_THREADS:-2}" "${WRK_CONNECTIONS:-32}" "$WRK_DURATION" > "$RAW"

log "warm-up: each gateway until steady (${WARMUP_MIN}-${WARMUP_MAX}s)"
for target in "${TARGETS[@]}"; do
  read -r took rps < <(warm "$(url "$target")" "$WARMUP_MIN" "$WARMUP_MAX" -H "User-Agent: $USER_AGENT")
  log "  gateway-$target warmed for ${took}s (last 10 s: $rps req/s)"
done

log "$ROUNDS rounds of ${WRK_DURATION}s, rotating"
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!TARGETS[@]}"; do
    target=${TARGETS[$(( (i + round - 1) % ${#TARGETS[@]} ))]}
    before=$(cpu_ticks "${PID_OF[$target]}")
    result=$(run_wrk "$(url "$target")" "$WRK_DURATION" -H "User-Agent: $USER_AGENT")
    after=$(cpu_ticks "${PID_OF[$target]}")
    printf '{"kind":"round","round":%d,"target":"%s","cpu_ticks":%d,"ticks_per_s":%d,"wrk":%s}\n' \
      "$round" "$target" "$((after - before))" "$(getconf CLK_TCK)" "$result" >> "$RAW"
    log "  round $round gateway-$target: $(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print("%.0f req/s, p50 %.2f ms, p99 %.2f ms, errors %s" % (d["rps"], d["p50_us"]/1000, d["p99_us"]/1000, sum(d["errors"].values())))' "$result")"
  done
done
curl -sf "http://127.0.0.1:${MGMT[ten]}/actuator/prometheus" | grep '^acl_shadow_requests_total' > "$WORK/shadow-counts.txt" || true
printf '{"kind":"end","load_end":"%s"}\n' "$(cut -d' ' -f1-3 /proc/loadavg)" >> "$RAW"

mkdir -p "$RESULTS"
python3 - "$RAW" "$WORK/shadow-counts.txt" "$RESULTS" <<'PY'
import json, re, statistics, sys
raw, counts_file, results = sys.argv[1:]
lines = [json.loads(l) for l in open(raw)]
meta = next(l for l in lines if l["kind"] == "meta")
end = next(l for l in lines if l["kind"] == "end")
rounds = [l for l in lines if l["kind"] == "round"]
targets = ["none", "idle", "ten"]
med = {}
for t in targets:
    rs = [r for r in rounds if r["target"] == t]
    med[t] = {
        "rps": statistics.median(r["wrk"]["rps"] for r in rs),
        "p50_ms": statistics.median(r["wrk"]["p50_us"] for r in rs) / 1000,
        "p99_ms": statistics.median(r["wrk"]["p99_us"] for r in rs) / 1000,
        "cpu_us_per_request": statistics.median(
            r["cpu_ticks"] / r["ticks_per_s"] * 1e6 / max(1, r["wrk"]["requests"]) for r in rs),
        "errors": sum(sum(r["wrk"]["errors"].values()) for r in rs),
    }
outcomes = {}
for line in open(counts_file):
    m = re.match(r'acl_shadow_requests_total\{(.*)\}\s+(\S+)', line)
    if m:
        tags = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
        outcomes[tags.get("outcome", "?")] = outcomes.get(tags.get("outcome", "?"), 0) + float(m.group(2))
summary = {"meta": meta, "end": end, "median": med, "ten_shadow_outcomes": outcomes,
           "idle_over_none": med["idle"]["rps"] / med["none"]["rps"],
           "ten_over_none": med["ten"]["rps"] / med["none"]["rps"], "rounds": rounds}
json.dump(summary, open(f"{results}/shadow.json", "w"), indent=1)
with open(f"{results}/shadow.md", "w") as md:
    md.write(f"Shadow-read leg (bench/shadow.sh), {meta['date']}, commit {meta['commit']}, {meta['nproc']} cores, "
             f"load {meta['load_start']} → {end['load_end']}, wrk {meta['wrk']}, medians of {meta['rounds']} rounds\n\n")
    md.write("| gateway | req/s | ÷ none | p50 ms | p99 ms | CPU µs/request | errors |\n|---|---:|---:|---:|---:|---:|---:|\n")
    for t in targets:
        m = med[t]
        md.write(f"| {t} | {m['rps']:.0f} | {m['rps'] / med['none']['rps']:.3f} | {m['p50_ms']:.2f} | {m['p99_ms']:.2f} | "
                 f"{m['cpu_us_per_request']:.0f} | {m['errors']} |\n")
    md.write("\nShadow outcomes counted by gateway-ten: " +
             (", ".join(f"{k} {v:.0f}" for k, v in sorted(outcomes.items())) or "none (it did not shadow!)") + "\n")
print(open(f"{results}/shadow.md").read())
PY
