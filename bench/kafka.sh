#!/usr/bin/env bash
# The Kafka leg of the benchmark (issue 13): events from Falcon's event log to the queue, beside the
# SDK client's own ceiling into the same queue, measured in the same run.
#
#   bench/kafka.sh               # about 5 minutes on the 2-core box
#   SHORT=1 bench/kafka.sh       # a smoke run (about 2 minutes; figures not for the docs)
#
# What it does (all on 127.0.0.1, every count and duration bounded, every process it starts is
# stopped on exit, whatever happens):
#   1. builds the gateway if target/ has no jar (BUILD=always forces it), compiles bench/java;
#   2. starts ElasticMQ with one FIFO queue (bench/java/.../SqsServer.java) and an embedded Kafka
#      broker, KRaft, no Docker, spring-kafka-test's as the demo's (bench/java/.../KafkaBroker.java),
#      with the topic falcon.events in KAFKA_PARTITIONS partitions;
#   3. the ceiling, before: SendMessageBatch calls of 10 straight to the queue with the SDK client,
#      EVENT_CONCURRENCY senders (bench/java/.../EventLoad.java modes=sqs, warmed until steady);
#   4. writes KAFKA_WARMUP_EVENTS + KAFKA_EVENTS events (EventLoad's falcon.message.posted.v1 over
#      1,000 rooms, structured mode, keyed by room) to the topic, then starts the gateway from its
#      jar (the Dockerfile's JAVA_TOOL_OPTIONS, a 512 MiB container's heap) with the Kafka intake on
#      and a fresh consumer group; bench/java/.../KafkaLeg.java samples every 200 ms the messages on
#      the queue, the group's committed offsets and the CPU time of the gateway from /proc; the
#      first KAFKA_WARMUP_EVENTS warm the gateway's JIT, the next KAFKA_EVENTS are measured;
#   5. then, with the gateway still running, writes LIVE_FRACTION × the ceiling events/s for
#      LIVE_SECONDS and samples the lag under that load;
#   6. the ceiling again, after (the box is shared: the two bracket the Kafka leg);
#   7. writes bench/results/kafka.json and kafka.md (bench/kafka_report.py).
#
# Settings (environment): KAFKA_EVENTS (100000), KAFKA_WARMUP_EVENTS (60000), KAFKA_PARTITIONS (6),
# EVENT_CONCURRENCY (8), CEILING_SECONDS (15), CEILING_WARMUP and CEILING_WARMUP_MAX (30 and 90 s),
# LIVE_FRACTION (0.9; 0: no live phase), LIVE_SECONDS (30), KAFKA_TIMEOUT (1800 s: the longest the
# gateway may take to start and drain everything), CONTAINER_MEMORY (512m),
# GATEWAY_EXTRA_OPTS (more JVM options or -D properties for the gateway), MVN_FLAGS (e.g. -o, offline),
# KAFKA_PROFILE=1 (the gateway's CPU per thread over 15 s of the measured part), BUILD=always,
# KEEP_WORK=1.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
RESULTS="$BENCH_DIR/results"

if [ "${SHORT:-0}" = 1 ]; then
  : "${KAFKA_EVENTS:=10000}" "${KAFKA_WARMUP_EVENTS:=5000}" "${CEILING_SECONDS:=5}" "${CEILING_WARMUP:=10}" \
    "${CEILING_WARMUP_MAX:=20}" "${LIVE_SECONDS:=10}"
fi
KAFKA_EVENTS=${KAFKA_EVENTS:-100000}
KAFKA_WARMUP_EVENTS=${KAFKA_WARMUP_EVENTS:-60000}
KAFKA_PARTITIONS=${KAFKA_PARTITIONS:-6}
EVENT_CONCURRENCY=${EVENT_CONCURRENCY:-8}
CEILING_SECONDS=${CEILING_SECONDS:-15}
CEILING_WARMUP=${CEILING_WARMUP:-30}
CEILING_WARMUP_MAX=${CEILING_WARMUP_MAX:-90}
LIVE_FRACTION=${LIVE_FRACTION:-0.9}
LIVE_SECONDS=${LIVE_SECONDS:-30}
KAFKA_TIMEOUT=${KAFKA_TIMEOUT:-1800}
CONTAINER_MEMORY=${CONTAINER_MEMORY:-512m}

# Fixed loopback ports, apart from bench/run.sh's (the broker takes a free one).
SQS_PORT=18114
GW_PORT=18110
GW_MGMT=18111
TOPIC=falcon.events

log() { printf '[kafka-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

PIDS=()
WORK=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 300); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    if [ "${KEEP_WORK:-0}" = 1 ] || [ "$status" -ne 0 ]; then
      log "logs kept in $WORK"
    else
      rm -rf "$WORK"
    fi
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
started() { PIDS+=("$1"); }

for tool in java javac curl python3; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is needed (a JDK 17+, curl, python3)"
done

cd "$REPO"
jar_file() { find target -maxdepth 1 -name 'acl-gateway-*.jar' 2>/dev/null | sort | head -n 1; }
if [ "${BUILD:-}" = always ] || [ -z "$(jar_file)" ] || [ ! -f target/test-classes/io/aclgateway/testing/EmbeddedSqs.class ]; then
  log "building the gateway (./mvnw -B -q -DskipTests package)"
  ./mvnw -B -q ${MVN_FLAGS:-} -DskipTests package
fi
JAR="$REPO/$(jar_file)"
[ -f "$JAR" ] || die "no target/acl-gateway-*.jar after the build"
DOCKER_JAVA_OPTS=$(sed -n 's/^ENV JAVA_TOOL_OPTIONS="\(.*\)"[[:space:]]*$/\1/p' Dockerfile | head -n 1)
[ -n "$DOCKER_JAVA_OPTS" ] || die "no ENV JAVA_TOOL_OPTIONS in Dockerfile"

WORK=$(mktemp -d /tmp/acl-kafka-bench.XXXXXX)
log "work folder $WORK"
log "resolving the test classpath (ElasticMQ, the embedded broker, the AWS SDK)"
./mvnw -B -q ${MVN_FLAGS:-} dependency:build-classpath -Dmdep.outputFile="$WORK/deps.cp" >/dev/null
CP="$WORK/classes:$REPO/target/classes:$REPO/target/test-classes:$(cat "$WORK/deps.cp")"
mkdir -p "$WORK/classes"
javac -nowarn -d "$WORK/classes" -cp "$CP" "$BENCH_DIR"/java/io/aclgateway/bench/*.java

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in $SQS_PORT $GW_PORT $GW_MGMT; do
  port_open "$port" && die "port $port on 127.0.0.1 is taken: stop what listens there, or another bench run"
done

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "load average at start: $LOAD_START"

log "starting ElasticMQ on $SQS_PORT and the Kafka broker (KRaft, $KAFKA_PARTITIONS partitions)"
java -Xmx1536m -cp "$CP" io.aclgateway.bench.SqsServer "$SQS_PORT" bench-legacy.fifo "$WORK/queue.url" \
  > "$WORK/sqs.log" 2>&1 &
SQS_PID=$!
started "$SQS_PID"
java -Xmx768m -cp "$CP" io.aclgateway.bench.KafkaBroker "$TOPIC" "$KAFKA_PARTITIONS" "$WORK/kafka.address" \
  > "$WORK/kafka.log" 2>&1 &
BROKER_PID=$!
started "$BROKER_PID"
# Up to 5 minutes: two JVMs starting at once take long on a busy 2-core box.
for _ in $(seq 1 3000); do
  [ -s "$WORK/queue.url" ] && [ -s "$WORK/kafka.address" ] && break
  kill -0 "$SQS_PID" 2>/dev/null || die "ElasticMQ exited (see $WORK/sqs.log)"
  kill -0 "$BROKER_PID" 2>/dev/null || die "the broker exited (see $WORK/kafka.log)"
  sleep 0.1
done
[ -s "$WORK/queue.url" ] || die "ElasticMQ did not start (see $WORK/sqs.log)"
[ -s "$WORK/kafka.address" ] || die "the broker did not start (see $WORK/kafka.log)"
QUEUE_URL=$(cat "$WORK/queue.url")
SQS_ENDPOINT="http://127.0.0.1:$SQS_PORT"
KAFKA=$(cat "$WORK/kafka.address")

# ceiling NAME: the SDK client straight to the queue; prints its BENCH json line.
ceiling() {
  java -Xmx512m -cp "$CP" io.aclgateway.bench.EventLoad modes=sqs sqs-endpoint="$SQS_ENDPOINT" queue-url="$QUEUE_URL" \
    concurrency="$EVENT_CONCURRENCY" warmup="$CEILING_WARMUP" warmup-max="$CEILING_WARMUP_MAX" seconds="$CEILING_SECONDS" \
    rounds=1 max-calls=200000 run-id="ceiling-$1-$(date +%s)" > "$WORK/ceiling-$1.txt" 2> "$WORK/ceiling-$1.err" \
    || die "the ceiling run failed (see $WORK/ceiling-$1.txt and .err)"
  grep '^BENCH ' "$WORK/ceiling-$1.txt" | head -n 1 | cut -c7-
}
msgs_per_s() { python3 -c 'import json,sys; print(round(json.loads(sys.argv[1])["msgs_per_s"]))' "$1"; }

log "the ceiling, before: SDK client, SendMessageBatch of 10, $EVENT_CONCURRENCY senders (warm-up ${CEILING_WARMUP}-${CEILING_WARMUP_MAX}s, then ${CEILING_SECONDS}s)"
CEILING_BEFORE=$(ceiling before)
log "  ceiling before: $(msgs_per_s "$CEILING_BEFORE") msgs/s"
LIVE_RATE=$(python3 -c 'import json,sys; print(round(float(sys.argv[2]) * json.loads(sys.argv[1])["msgs_per_s"]))' \
  "$CEILING_BEFORE" "$LIVE_FRACTION")

GROUP="bench-$(date +%s)"
log "writing $((KAFKA_WARMUP_EVENTS + KAFKA_EVENTS)) events to $TOPIC ($KAFKA_WARMUP_EVENTS to warm the gateway, $KAFKA_EVENTS measured), then starting the gateway (group $GROUP)"
java -Xmx512m -cp "$CP" io.aclgateway.bench.KafkaLeg bootstrap="$KAFKA" topic="$TOPIC" group="$GROUP" \
  events="$KAFKA_EVENTS" warmup-events="$KAFKA_WARMUP_EVENTS" partitions="$KAFKA_PARTITIONS" run-id="kafka-$(date +%s)" \
  queue-url="$QUEUE_URL" sqs-endpoint="$SQS_ENDPOINT" ready-file="$WORK/produced" pid-file="$WORK/gateway.pid" \
  broker-pid="$BROKER_PID" sqs-pid="$SQS_PID" clk-tck="$(getconf CLK_TCK)" live-rate="$LIVE_RATE" \
  live-seconds="$LIVE_SECONDS" timeout="$KAFKA_TIMEOUT" > "$WORK/kafka-leg.txt" 2> "$WORK/kafka-leg.err" &
LEG_PID=$!
started "$LEG_PID"
for _ in $(seq 1 6000); do
  [ -s "$WORK/produced" ] && break
  kill -0 "$LEG_PID" 2>/dev/null || die "writing the events failed (see $WORK/kafka-leg.err)"
  sleep 0.1
done
[ -s "$WORK/produced" ] || die "the events were not written in 10 minutes"
log "  $(tail -n 1 "$WORK/kafka-leg.err")"

env ACL_FALCON_URI=http://127.0.0.1:1 ACL_LEGACY_URI=http://127.0.0.1:1 ACL_ROUTING_FILE="$REPO/config/routing.yml" \
  AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x \
  JAVA_TOOL_OPTIONS="$DOCKER_JAVA_OPTS -XX:MaxRAM=$CONTAINER_MEMORY${GATEWAY_EXTRA_OPTS:+ $GATEWAY_EXTRA_OPTS}" \
  "$("$REPO/.ci/image-java.sh")/bin/java" -jar "$JAR" --server.port="$GW_PORT" --management.server.port="$GW_MGMT" \
  --acl.events.queue-url="$QUEUE_URL" --acl.sqs.endpoint="$SQS_ENDPOINT" \
  --acl.events.kafka.bootstrap-servers="$KAFKA" --acl.events.kafka.group-id="$GROUP" \
  --acl.events.kafka.state.create-topics=true \
  > "$WORK/gateway.log" 2>&1 &
GW_PID=$!
started "$GW_PID"
echo "$GW_PID" > "$WORK/gateway.pid"

if [ "${KAFKA_PROFILE:-0}" = 1 ]; then
  # CPU per thread kind over a window inside the measured part (after the warm-up events).
  (
    for _ in $(seq 1 6000); do
      grep -q '"phase":"backlog"' "$WORK/kafka-leg.txt" 2>/dev/null || { sleep 0.1; continue; }
      on=$(grep '"phase":"backlog"' "$WORK/kafka-leg.txt" | tail -n 1 | python3 -c 'import json,sys; print(json.loads(sys.stdin.read()[7:])["on_queue"])')
      [ "$on" -ge "$((KAFKA_WARMUP_EVENTS + KAFKA_EVENTS / 10))" ] && break
      sleep 0.2
    done
    python3 "$BENCH_DIR/profile.py" threads "$GW_PID" 15 > "$WORK/threads.txt"
  ) &
  started $!
fi

# The leg waits up to KAFKA_TIMEOUT for the gateway's messages: a gateway that died fails the run at
# once, with the end of its log, rather than after that wait.
gateway_alive() {
  kill -0 "$GW_PID" 2>/dev/null && ! grep -q '^[0-9]* (.*) Z' "/proc/$GW_PID/stat" 2>/dev/null
}
while kill -0 "$LEG_PID" 2>/dev/null; do
  if ! gateway_alive; then
    GW_STATUS=0
    wait "$GW_PID" || GW_STATUS=$?
    log "the gateway exited (status $GW_STATUS) before the Kafka leg finished; the end of $WORK/gateway.log:"
    tail -n 40 "$WORK/gateway.log" >&2 || true
    die "the gateway died (status $GW_STATUS); its log: $WORK/gateway.log"
  fi
  sleep 1
done
wait "$LEG_PID" || die "the Kafka leg failed (see $WORK/kafka-leg.txt, kafka-leg.err and gateway.log)"
KAFKA_RESULT=$(grep '^KAFKA ' "$WORK/kafka-leg.txt" | cut -c7-)
[ -n "$KAFKA_RESULT" ] || die "no result from the Kafka leg (see $WORK/kafka-leg.err)"
log "  Kafka → queue: $(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print("%.0f events/s measured (%.0f first to last, cold start included), %.0f µs gateway CPU per event, lag max %d, commit trail max %d" % (d["events_per_s"], d["events_per_s_first_to_last"], d["gateway_cpu_us_per_event"], d["lag_max"], d["commit_trail_max"]))' "$KAFKA_RESULT")"
GW_RSS_KB=$(awk '/^VmHWM:/ {print $2}' /proc/"$GW_PID"/status 2>/dev/null || echo 0)
kill -TERM "$GW_PID" 2>/dev/null || true
for _ in $(seq 1 300); do
  kill -0 "$GW_PID" 2>/dev/null || break
  sleep 0.1
done

log "the ceiling, after"
CEILING_AFTER=$(ceiling after)
log "  ceiling after: $(msgs_per_s "$CEILING_AFTER") msgs/s"
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

mkdir -p "$RESULTS"
grep '^SAMPLE ' "$WORK/kafka-leg.txt" | cut -c8- > "$RESULTS/kafka-samples.jsonl"
python3 "$BENCH_DIR/kafka_report.py" "$RESULTS" "$CEILING_BEFORE" "$CEILING_AFTER" "$KAFKA_RESULT" \
  "$LOAD_START" "$LOAD_END" "$GW_RSS_KB" "$(git log -1 --format=%h 2>/dev/null || echo unknown)" \
  "$WORK/threads.txt" "SHORT=${SHORT:-0} KAFKA_EVENTS=$KAFKA_EVENTS KAFKA_WARMUP_EVENTS=$KAFKA_WARMUP_EVENTS KAFKA_PARTITIONS=$KAFKA_PARTITIONS EVENT_CONCURRENCY=$EVENT_CONCURRENCY CEILING_SECONDS=$CEILING_SECONDS LIVE_FRACTION=$LIVE_FRACTION LIVE_SECONDS=$LIVE_SECONDS"
log "results: $RESULTS/kafka.md"
cat "$RESULTS/kafka.md"
