#!/usr/bin/env bash
# The events' ceilings side by side (issue 15, target 3): what the bench's ElasticMQ FIFO queue
# takes from the leanest client, from the SDK client, and from the gateway's POST /events, with
# the CPU time per message of the client and of the queue (/proc) for each path.
#
#   bench/events-ceiling.sh                      # raw and SDK legs, about 6 minutes
#   GATEWAY=1 bench/events-ceiling.sh            # and the gateway's POST /events (lays out the image)
#   SDK_VARIANTS="md5=true md5=false completion=direct" bench/events-ceiling.sh   # an A/B of SDK settings
#
# 1. ElasticMQ (bench/java/.../SqsServer.java, the project's EmbeddedSqs) with one FIFO queue;
# 2. raw: wrk replays a ready SendMessageBatch of 10 in the SQS JSON protocol (bench/wrk/sqs-batch.lua;
#    the entry is EventLoad's template: the message the gateway makes of a bench event), unique
#    deduplication ids; and once with fixed ids, to show what a FIFO queue does with a replay
#    (it deduplicates: answers 200, keeps nothing new). msgs/s counts what the queue holds;
# 3. SDK: EventLoad modes=sqs (8 senders, SendMessageBatch of 10, SqsAsyncClient on Netty), once
#    per SDK_VARIANTS entry (space-separated; an entry's EventLoad options joined by "+", e.g.
#    "md5=true md5=false+completion=direct": the SDK's defaults, then both levers at once);
# 4. GATEWAY=1: the gateway's jar laid out as the image (bench/lib.sh), EventLoad modes=gateway.
# Legs alternate for ROUNDS rounds; each starts from a purged queue. Prints one JSON line per leg
# and round (also appended to $OUT, default bench/results/events-ceiling.jsonl) and a table at the
# end. CPU µs/msg: per message the queue holds ("client" is wrk, the SDK client's JVM, or the
# gateway leg's load generator); for the fixed-id replay per message sent.
#
# Settings: ROUNDS (2), SECONDS_PER_LEG (15), CONNECTIONS (8: wrk connections = SDK senders =
# gateway senders), WARMUP (60 s per EventLoad leg and for the raw leg once), PORT_BASE (48080: queue +1, gateway
# +2/+3), SDK_VARIANTS ("md5=true" = the SDK's defaults), GATEWAY (0), GATEWAY_EXTRA_OPTS.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"

ROUNDS=${ROUNDS:-2}
SECONDS_PER_LEG=${SECONDS_PER_LEG:-15}
CONNECTIONS=${CONNECTIONS:-8}
WARMUP=${WARMUP:-60}
PORT_BASE=${PORT_BASE:-48080}
SDK_VARIANTS=${SDK_VARIANTS:-md5=true}
GATEWAY=${GATEWAY:-0}
OUT=${OUT:-$REPO/bench/results/events-ceiling.jsonl}
SQS_PORT=$((PORT_BASE + 1))
GW_PORT=$((PORT_BASE + 2))
GW_MGMT=$((PORT_BASE + 3))
SECRET="whsec_$(printf 'events-ceiling-bench-secret-0001' | base64)"

need_tools wrk curl python3
command -v javac >/dev/null || die "a JDK 17+ (java and javac) is needed"
ports_free "$SQS_PORT" "$GW_PORT" "$GW_MGMT"
WORK=$(mktemp -d /tmp/acl-events-ceiling.XXXXXX)
cd "$REPO"
if [ ! -f target/test-classes/io/aclgateway/testing/EmbeddedSqs.class ] || [ ! -d target/classes ]; then
  log "building (./mvnw -B -q -DskipTests package)"
  ./mvnw -B -q ${MVN_FLAGS:-} -DskipTests package
fi
./mvnw -B -q ${MVN_FLAGS:-} dependency:build-classpath -Dmdep.outputFile="$WORK/deps.cp" >/dev/null
CP="$WORK/classes:$REPO/target/classes:$REPO/target/test-classes:$(cat "$WORK/deps.cp")"
mkdir -p "$WORK/classes"
javac -nowarn -d "$WORK/classes" -cp "$CP" "$BENCH_DIR"/java/io/aclgateway/bench/*.java

log "starting ElasticMQ on $SQS_PORT"
java -Xmx1g -cp "$CP" io.aclgateway.bench.SqsServer "$SQS_PORT" bench-legacy.fifo "$WORK/queue.url" > "$WORK/sqs.log" 2>&1 &
SQS_PID=$!
started "$SQS_PID"
for _ in $(seq 1 300); do
  [ -s "$WORK/queue.url" ] && break
  sleep 0.1
done
[ -s "$WORK/queue.url" ] || die "ElasticMQ did not start (see $WORK/sqs.log)"
QUEUE_URL=$(cat "$WORK/queue.url")
SQS_ENDPOINT="http://127.0.0.1:$SQS_PORT"

GW_PID=""
if [ "$GATEWAY" = 1 ]; then
  prepare_image
  start_gateway events ACL_FALCON_URI="http://127.0.0.1:9" ACL_LEGACY_URI="http://127.0.0.1:9" \
    ACL_ROUTING_FILE="$REPO/config/routing.yml" SERVER_PORT="$GW_PORT" MANAGEMENT_SERVER_PORT="$GW_MGMT" \
    ACL_EVENTS_QUEUE_URL="$QUEUE_URL" ACL_SQS_ENDPOINT="$SQS_ENDPOINT" ACL_EVENTS_SIGNING_SECRETS="$SECRET" \
    AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x
  wait_ready "$GW_MGMT" "$GW_PID"
  # The gateway runs as the java child of `bash -c exec`: the same pid.
fi

java -cp "$CP" io.aclgateway.bench.EventLoad modes=template out="$WORK/entry.json" run-id=tpl > /dev/null

# sqs_json ACTION JSON: one call in the SQS JSON protocol.
sqs_json() {
  curl -sf -X POST "$SQS_ENDPOINT/" -H 'Content-Type: application/x-amz-json-1.0' \
    -H "X-Amz-Target: AmazonSQS.$1" -d "$2"
}
purge() { sqs_json PurgeQueue "{\"QueueUrl\":\"$QUEUE_URL\"}" > /dev/null; }
on_queue() {
  sqs_json GetQueueAttributes "{\"QueueUrl\":\"$QUEUE_URL\",\"AttributeNames\":[\"ApproximateNumberOfMessages\"]}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["Attributes"]["ApproximateNumberOfMessages"])'
}

# raw_leg ROUND SECONDS [fixed]: wrk's replay; prints the leg's JSON line.
raw_leg() {
  local round=$1 seconds=$2 ids=${3:-unique}
  purge
  local q0 out
  q0=$(cpu_ticks "$SQS_PID")
  out="$WORK/wrk-$round-$ids-$(date +%s%N).txt"
  # wrk's own CPU: the children's rusage of the python parent that waits for it.
  python3 - "$out" "$seconds" "$CONNECTIONS" "$BENCH_DIR/wrk/sqs-batch.lua" "$SQS_ENDPOINT" "$QUEUE_URL" \
    "$WORK/entry.json" "r$round-$(date +%s%N)" "$ids" <<'EOF' > "$out.cpu"
import resource, subprocess, sys
out, seconds, conns, lua, url, queue, entry, run_id, ids = sys.argv[1:]
args = ["wrk", "-t2", f"-c{conns}", f"-d{seconds}s", "--timeout", "10s", "-s", lua, url, "--", queue, entry, run_id]
if ids == "fixed":
    args.append("fixed")
with open(out, "w") as f:
    subprocess.run(args, stdout=f, stderr=subprocess.STDOUT, check=True)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(r.ru_utime + r.ru_stime)
EOF
  local q1 held
  q1=$(cpu_ticks "$SQS_PID")
  held=$(on_queue)
  python3 - "$round" "$ids" "$(grep '^BENCH ' "$out" | cut -c7-)" "$(cat "$out.cpu")" "$((q1 - q0))" "$held" <<'EOF'
import json, sys
round_, ids, wrk, client_s, queue_ticks, held = sys.argv[1:]
w = json.loads(wrk)
held = int(held)
secs = w["duration_us"] / 1e6
# Per message the queue holds; for the fixed-id replay (it holds 10) per message sent instead.
count = held if ids == "unique" else w["requests"] * 10
per = lambda s: round(s * 1e6 / count, 1) if count else None
print(json.dumps({"leg": "raw" if ids == "unique" else "raw-fixed-ids", "round": int(round_),
  "msgs_per_s": round(held / secs, 1), "sent_msgs_per_s": round(w["requests"] * 10 / secs, 1),
  "messages_on_queue": held, "calls": w["requests"], "errors": w["errors"], "call_p99_ms": w["p99_us"] / 1000,
  "cpu_us_per_msg": {"client": per(float(client_s)), "queue": per(int(queue_ticks) / 100)},
  "load": open("/proc/loadavg").read().split()[0]}))
EOF
}

# event_load MODE SECONDS WARMUP_MAX [EventLoad options]: one EventLoad run; prints its BENCH lines as legs.
event_load() {
  local mode=$1 seconds=$2 warm=$3 leg=$4
  shift 4
  local pids="queue:$SQS_PID"
  [ -n "$GW_PID" ] && pids="$pids,gateway:$GW_PID"
  java -Xmx512m -cp "$CP" io.aclgateway.bench.EventLoad modes="$mode" url="http://127.0.0.1:$GW_PORT/events" \
    secret="$SECRET" sqs-endpoint="$SQS_ENDPOINT" queue-url="$QUEUE_URL" concurrency="$CONNECTIONS" \
    warmup="$warm" warmup-max="$warm" seconds="$seconds" rounds=1 cpu-pids="$pids" "$@" \
    run-id="$leg-$(date +%s%N)" > "$WORK/load-$leg.txt" 2> "$WORK/load-$leg.err" \
    || die "EventLoad failed (see $WORK/load-$leg.txt and .err)"
  grep '^BENCH ' "$WORK/load-$leg.txt" | cut -c7- | python3 -c '
import json, sys
leg, round_ = sys.argv[1], int(sys.argv[2])
for line in sys.stdin:
    d = json.loads(line)
    print(json.dumps({"leg": leg, "round": round_, "msgs_per_s": d["msgs_per_s"], "messages_on_queue": d["messages_on_queue"],
      "calls": d["calls"], "failed_calls": d["failed_calls"], "call_p99_ms": d["call_p99_ms"],
      "cpu_us_per_msg": d["cpu_us_per_msg"], "load": d["load"]}))' "$leg" "$ROUND"
}

log "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
RESULTS="$WORK/legs.jsonl"
: > "$RESULTS"
raw_leg 0 "$WARMUP" > /dev/null
for ROUND in $(seq 1 "$ROUNDS"); do
  # Every EventLoad leg is a fresh JVM: each warms as long as the first (its CPU counts its JIT otherwise).
  warm=$WARMUP
  legs=(raw)
  for variant in $SDK_VARIANTS; do legs+=("sdk:$variant"); done
  [ -n "$GW_PID" ] && legs+=(gateway)
  # The order rotates from one round to the next.
  n=${#legs[@]}
  for i in $(seq 0 $((n - 1))); do
    leg=${legs[$(((i + ROUND - 1) % n))]}
    case $leg in
      raw) line=$(raw_leg "$ROUND" "$SECONDS_PER_LEG") ;;
      # A variant's settings are joined by "+" (md5=false+completion=direct): EventLoad options.
      sdk:*)
        read -r -a settings <<<"$(tr '+' ' ' <<<"${leg#sdk:}")"
        line=$(event_load sqs "$SECONDS_PER_LEG" "$warm" "sdk[${leg#sdk:}]" "${settings[@]}") ;;
      gateway) line=$(event_load gateway "$SECONDS_PER_LEG" "$warm" gateway) ;;
    esac
    echo "$line" | tee -a "$RESULTS"
  done
done
raw_leg "$ROUNDS" 10 fixed | tee -a "$RESULTS"
log "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p "$(dirname "$OUT")"
cat "$RESULTS" >> "$OUT"
python3 - "$RESULTS" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
legs = {}
for r in rows:
    legs.setdefault(r["leg"], []).append(r)
print("| leg | msgs/s on the queue (median) | per round | sent msgs/s | CPU µs/msg client | gateway | queue |")
print("| --- | ---: | --- | ---: | ---: | ---: | ---: |")
for leg, rs in legs.items():
    med = lambda k: statistics.median([r["cpu_us_per_msg"].get(k) for r in rs if r["cpu_us_per_msg"].get(k) is not None] or [float("nan")])
    sent = statistics.median([r.get("sent_msgs_per_s", r["msgs_per_s"]) for r in rs])
    rounds = " / ".join(format(r["msgs_per_s"], ",.0f") for r in rs)
    gateway = med("gateway") if leg == "gateway" else float("nan")
    print(f"| {leg} | {statistics.median([r['msgs_per_s'] for r in rs]):,.0f} | {rounds} | {sent:,.0f} "
          f"| {med('client'):.0f} | {gateway:.0f} | {med('queue'):.0f} |")
EOF
