#!/usr/bin/env bash
# The acl-gateway benchmark (issue 6): the gateway measured side by side with its peers, on the
# same box, in the same run, in alternation.
#
#   bench/run.sh                 # everything: about 12 minutes on the 2-core box (+ up to 3 waiting for quiet)
#   ROUNDS=1 WRK_DURATION=5 bench/run.sh     # a quick smoke run (figures not for the docs)
#
# What it does (all on 127.0.0.1, every count and duration bounded, every process it starts is
# stopped on exit, whatever happens):
#   1. checks (as root: installs) Debian's nginx and wrk, builds the gateway if target/ has no jar;
#   2. starts the tiny upstream (nginx answering a fixed 73-byte JSON body, bench/nginx/upstream.conf)
#      and the peer (an nginx reverse proxy with upstream keep-alive, bench/nginx/proxy.conf); after
#      the timed starts of step 3, an ElasticMQ FIFO queue (the project's EmbeddedSqs,
#      bench/java/.../SqsServer.java);
#   3. lays the jar out as the container image holds it (.ci/image-layout.sh: Spring Boot's layers and
#      the class data sharing archive, from the Dockerfile's own lines) and runs every gateway there
#      with the Dockerfile's ENTRYPOINT and JAVA_TOOL_OPTIONS in a 512 MiB "container"
#      (-XX:MaxRAM=512m: the percentages then apply to 512 MiB, as under a cgroup limit);
#      times 3 starts of the gateway from process start to readiness UP;
#   4. starts the gateway twice, both in front of the tiny upstream: native epoll transport (the
#      default) and NIO (-Dreactor.netty.native=false); and, as the stack's own ceiling, a bare
#      Spring Cloud Gateway (bench/java/.../BareGateway.java: one catch-all route, nothing of ours,
#      tracing, observations and gateway metrics off, same classpath, pool settings and JVM flags);
#      and, as the JVM transport's floor, a plain Reactor Netty proxy (bench/java/.../NettyProxy.java);
#   5. routing: after a warm-up, ROUNDS rounds of wrk (same settings each) against the upstream
#      directly, nginx, gateway-epoll, gateway-nio, gateway-bare and netty, in rotating order; the
#      epoll gateway's RSS is sampled from /proc while it is under load;
#   6. events: after a warm-up each way (until steady), ROUNDS rounds alternating signed batches of 100 events
#      posted to the gateway and SendMessageBatch calls of 10 sent straight to the same queue (the
#      ceiling), same events, same concurrency, one load JVM (bench/java/.../EventLoad.java);
#   7. writes bench/results/latest.json, latest.md and routing.png (bench/report.py);
#   8. stops what it started, then runs the Kafka leg, bench/kafka.sh (issue 13: events from Kafka
#      to the queue beside the SDK client's ceiling, and the lag; its own settings, SHORT=1 for a
#      smoke run; bench/results/kafka.md), unless KAFKA_LEG=0.
#
# Settings (environment): ROUNDS (3), WRK_THREADS (2), WRK_CONNECTIONS (32), WRK_DURATION (15, s),
# WARMUP (10, s, upstream and nginx), WARMUP_GATEWAY and WARMUP_GATEWAY_MAX (40 and 150, s: each
# gateway is warmed until its throughput is steady, its JIT compiling the reactive stack for a
# minute or more), EVENT_CONCURRENCY (8), EVENT_SECONDS (15), EVENT_WARMUP and EVENT_WARMUP_MAX
# (90 and 180 s: the gateway's event path compiles for 80 s or more and can pause on a plateau
# on the way,
# each way, until steady as for the gateways),
# IDLE_LOAD and IDLE_WAIT (1.0, 180 s: how quiet the box should be, and how long to wait for it),
# CONTAINER_MEMORY (512m: the memory limit the JVM sizes itself for),
# GATEWAY_EXTRA_OPTS (more JVM options or -D properties for both gateways, to try a lever),
# BUILD=always to rebuild the jar, KEEP_WORK=1 to keep the work folder with every log.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
RESULTS="$BENCH_DIR/results"

ROUNDS=${ROUNDS:-3}
WRK_THREADS=${WRK_THREADS:-2}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-32}
WRK_DURATION=${WRK_DURATION:-15}
WARMUP=${WARMUP:-10}
WARMUP_GATEWAY=${WARMUP_GATEWAY:-40}
WARMUP_GATEWAY_MAX=${WARMUP_GATEWAY_MAX:-150}
EVENT_CONCURRENCY=${EVENT_CONCURRENCY:-8}
EVENT_SECONDS=${EVENT_SECONDS:-15}
EVENT_WARMUP=${EVENT_WARMUP:-90}
EVENT_WARMUP_MAX=${EVENT_WARMUP_MAX:-180}
EVENT_MAX_CALLS=${EVENT_MAX_CALLS:-200000}

# Fixed loopback ports (the nginx configs name theirs); each is checked free before use.
UPSTREAM_PORT=18081      # bench/nginx/upstream.conf
PROXY_PORT=18082         # bench/nginx/proxy.conf
GW_EPOLL_PORT=18090; GW_EPOLL_MGMT=18091
GW_NIO_PORT=18092; GW_NIO_MGMT=18093
SQS_PORT=18094
GW_READY_PORT=18095; GW_READY_MGMT=18096
GW_BARE_PORT=18097; GW_BARE_MGMT=18098
NETTY_PORT=18099

# The secret of the bench only (never a real one).
SECRET=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
USER_AGENT='ChatWork/5.3.1 (iOS 17.4.1; iPhone15,2)'
REQUEST_PATH=/v1/rooms

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# --- processes: every one started here is stopped on exit -------------------------------------
PIDS=()
WORK=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local pid
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 300); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "process $pid did not stop in 30 s, killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
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

stop_pid() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  local kept=()
  local p
  for p in "${PIDS[@]}"; do
    [ "$p" = "$pid" ] || kept+=("$p")
  done
  PIDS=("${kept[@]}")
}

# --- tools --------------------------------------------------------------------------------------
need_packages=()
for tool in nginx wrk curl python3; do
  command -v "$tool" >/dev/null 2>&1 || need_packages+=("$tool")
done
if [ ${#need_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing ${need_packages[*]} with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_packages[@]}" >/dev/null
  else
    die "missing ${need_packages[*]}: install Debian's packages first (sudo apt-get install -y ${need_packages[*]})"
  fi
fi
command -v java >/dev/null && command -v javac >/dev/null || die "a JDK 17+ (java and javac) is needed"

# --- the gateway's jar, test classes and classpath ----------------------------------------------
cd "$REPO"
jar_file() { find target -maxdepth 1 -name 'acl-gateway-*.jar' 2>/dev/null | sort | head -n 1; }
if [ "${BUILD:-}" = always ] || [ -z "$(jar_file)" ] || [ ! -f target/test-classes/io/aclgateway/testing/EmbeddedSqs.class ]; then
  log "building the gateway (./mvnw -B -q -DskipTests package)"
  ./mvnw -B -q -DskipTests package
fi
JAR="$REPO/$(jar_file)"
[ -f "$JAR" ] || die "no target/acl-gateway-*.jar after the build"

WORK=$(mktemp -d /tmp/acl-bench.XXXXXX)
RAW="$WORK/raw.jsonl"
: > "$RAW"
log "work folder $WORK"

# The image's /app, laid out and trained as the Dockerfile says; its ENV and ENTRYPOINT.
log "laying out the image (layers, class data sharing training) with .ci/image-layout.sh"
layout=$("$REPO/.ci/image-layout.sh" "$JAR" "$WORK/image" 2> "$WORK/image-layout.log") \
  || die "the image layout failed (see $WORK/image-layout.log)"
APP_DIR="$WORK/image/app"
DOCKER_JAVA_OPTS=$(sed -n 's/^JAVA_TOOL_OPTIONS=//p' <<<"$layout")
read -r -a ENTRYPOINT <<<"$(sed -n 's/^ENTRYPOINT=//p' <<<"$layout")"
# MaxRAMPercentage/InitialRAMPercentage refer to this machine's RAM here, not to a container
# limit: MaxRAM makes them refer to the container's memory instead, as a cgroup limit would.
CONTAINER_MEMORY=${CONTAINER_MEMORY:-512m}
GW_JAVA_OPTS="$DOCKER_JAVA_OPTS -XX:MaxRAM=$CONTAINER_MEMORY${GATEWAY_EXTRA_OPTS:+ $GATEWAY_EXTRA_OPTS}"

log "resolving the test classpath (ElasticMQ, AWS SDK) and the runtime classpath (the bare gateway)"
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$WORK/deps.cp" >/dev/null
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$WORK/runtime.cp" >/dev/null
CP="$WORK/classes:$REPO/target/classes:$REPO/target/test-classes:$(cat "$WORK/deps.cp")"
mkdir -p "$WORK/classes"
javac -nowarn -d "$WORK/classes" -cp "$CP" "$BENCH_DIR"/java/io/aclgateway/bench/*.java

# --- ports --------------------------------------------------------------------------------------
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in $UPSTREAM_PORT $PROXY_PORT $GW_EPOLL_PORT $GW_EPOLL_MGMT $GW_NIO_PORT $GW_NIO_MGMT $SQS_PORT \
  $GW_READY_PORT $GW_READY_MGMT $GW_BARE_PORT $GW_BARE_MGMT $NETTY_PORT; do
  port_open "$port" && die "port $port on 127.0.0.1 is taken: stop what listens there, or another bench run"
done
wait_port() {
  local port=$1 what=$2
  for _ in $(seq 1 100); do
    port_open "$port" && return 0
    sleep 0.1
  done
  die "$what did not listen on $port"
}

# --- a quiet box: wait (bounded) for the 1-minute load average to come down ------------------------
IDLE_LOAD=${IDLE_LOAD:-1.0}
IDLE_WAIT=${IDLE_WAIT:-180}
waited=0
while python3 -c 'import sys; sys.exit(0 if float(open("/proc/loadavg").read().split()[0]) > float(sys.argv[1]) else 1)' "$IDLE_LOAD" \
  && [ "$waited" -lt "$IDLE_WAIT" ]; do
  [ "$waited" = 0 ] && log "load average $(cut -d' ' -f1 /proc/loadavg) > $IDLE_LOAD: waiting for the box to be quiet (at most ${IDLE_WAIT}s)"
  sleep 10
  waited=$((waited + 10))
done

# --- the machine --------------------------------------------------------------------------------
python3 - "$RAW" "$ROUNDS" "$WRK_THREADS" "$WRK_CONNECTIONS" "$WRK_DURATION" "$WARMUP" "$EVENT_CONCURRENCY" \
  "$EVENT_SECONDS" "$GW_JAVA_OPTS" "$WARMUP_GATEWAY" "${ENTRYPOINT[*]}" <<'EOF'
import json, os, platform, re, subprocess, sys, datetime
raw, rounds, threads, conns, dur, warm, econc, esec, jopts, warm_gw, entrypoint = sys.argv[1:]
def out(cmd):
    try:
        r = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=20)
        return (r.stdout + r.stderr).strip()
    except Exception as e:
        return str(e)
cpu = re.search(r'model name\s*:\s*(.*)', open('/proc/cpuinfo').read())
mem = re.search(r'MemTotal:\s*(\d+)', open('/proc/meminfo').read())
meta = {
  "kind": "meta",
  "date": datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'),
  "nproc": int(out('nproc')),
  "cpu_model": cpu.group(1) if cpu else "unknown",
  "mem_gib": round(int(mem.group(1)) / 1024 / 1024, 1) if mem else None,
  "kernel": platform.release(),
  "java": out('java -version 2>&1 | head -n 2').replace('\n', ' / '),
  "nginx": out('nginx -v 2>&1'),
  "wrk": out('wrk -v 2>&1 | head -n 1'),
  "commit": out('git log -1 --format="%h %s" 2>/dev/null') or "unknown",
  "load_start": open('/proc/loadavg').read().split()[:3],
  "settings": {"rounds": int(rounds), "wrk": f"-t{threads} -c{conns} -d{dur}s --latency --timeout 10s",
               "warmup_s": int(warm), "warmup_gateway_s": int(warm_gw), "event_concurrency": int(econc), "event_seconds": int(esec),
               "gateway_java_tool_options": jopts, "gateway_command": entrypoint},
}
open(raw, 'a').write(json.dumps(meta) + '\n')
EOF
log "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- the tiny upstream and the nginx proxy ------------------------------------------------------
start_nginx() {
  local name=$1 port=$2
  mkdir -p "$WORK/nginx-$name"
  nginx -c "$BENCH_DIR/nginx/$name.conf" -p "$WORK/nginx-$name" -e "$WORK/nginx-$name/error.log" &
  started $!
  wait_port "$port" "nginx $name"
}
log "starting the tiny upstream (nginx, 1 worker) on $UPSTREAM_PORT and the nginx proxy (2 workers) on $PROXY_PORT"
start_nginx upstream "$UPSTREAM_PORT"
start_nginx proxy "$PROXY_PORT"

# --- the gateway --------------------------------------------------------------------------------
# start_gateway NAME PORT MGMT_PORT EXTRA_JAVA_OPTS: starts it in the background, sets GW_PID.
start_gateway() {
  local name=$1 port=$2 mgmt=$3 extra=$4
  env ACL_FALCON_URI="http://127.0.0.1:$UPSTREAM_PORT" ACL_LEGACY_URI="http://127.0.0.1:$UPSTREAM_PORT" \
    ACL_ROUTING_FILE="$REPO/config/routing.yml" SERVER_PORT="$port" MANAGEMENT_SERVER_PORT="$mgmt" \
    ACL_EVENTS_QUEUE_URL="$QUEUE_URL" ACL_SQS_ENDPOINT="$SQS_ENDPOINT" ACL_EVENTS_SIGNING_SECRETS="$SECRET" \
    AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x \
    JAVA_TOOL_OPTIONS="$GW_JAVA_OPTS $extra" \
    bash -c 'cd "$0" && exec "$@"' "$APP_DIR" "${ENTRYPOINT[@]}" > "$WORK/gateway-$name.log" 2>&1 &
  GW_PID=$!
  started "$GW_PID"
}
# wait_ready MGMT_PORT PID: waits (at most 120 s) for readiness UP.
wait_ready() {
  local mgmt=$1 pid=$2
  for _ in $(seq 1 2400); do
    kill -0 "$pid" 2>/dev/null || die "the gateway (pid $pid) exited before it was ready (see $WORK/gateway-*.log)"
    if curl -sf "http://127.0.0.1:$mgmt/actuator/health/readiness" 2>/dev/null | grep -q '"status":"UP"'; then
      return 0
    fi
    sleep 0.05
  done
  die "the gateway was not ready in 120 s"
}
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

QUEUE_URL="http://127.0.0.1:$SQS_PORT/000000000000/bench-legacy.fifo"
SQS_ENDPOINT="http://127.0.0.1:$SQS_PORT"
log "timing 3 starts of the gateway (process start to readiness UP)"
for start in 1 2 3; do
  t0=$(now_ms)
  start_gateway "ready-$start" "$GW_READY_PORT" "$GW_READY_MGMT" ""
  wait_ready "$GW_READY_MGMT" "$GW_PID"
  t1=$(now_ms)
  log "  start $start: ready in $((t1 - t0)) ms"
  printf '{"kind":"ready","start":%d,"ms":%d}\n' "$start" "$((t1 - t0))" >> "$RAW"
  stop_pid "$GW_PID"
done

# ElasticMQ only now, so that its own start-up (a JVM compiling) does not share the CPU with the
# timed starts; those were given the queue URL it will have, which nothing calls at start-up.
log "starting ElasticMQ on $SQS_PORT"
java -Xmx1g -cp "$CP" io.aclgateway.bench.SqsServer "$SQS_PORT" bench-legacy.fifo "$WORK/queue.url" \
  > "$WORK/sqs.log" 2>&1 &
started $!
for _ in $(seq 1 300); do
  [ -s "$WORK/queue.url" ] && break
  sleep 0.1
done
[ -s "$WORK/queue.url" ] || die "ElasticMQ did not start (see $WORK/sqs.log)"
QUEUE_URL=$(cat "$WORK/queue.url")
SQS_ENDPOINT="http://127.0.0.1:$SQS_PORT"

log "starting gateway-epoll on $GW_EPOLL_PORT and gateway-nio on $GW_NIO_PORT"
start_gateway epoll "$GW_EPOLL_PORT" "$GW_EPOLL_MGMT" ""
EPOLL_PID=$GW_PID
wait_ready "$GW_EPOLL_MGMT" "$EPOLL_PID"
start_gateway nio "$GW_NIO_PORT" "$GW_NIO_MGMT" "-Dreactor.netty.native=false"
NIO_PID=$GW_PID
wait_ready "$GW_NIO_MGMT" "$NIO_PID"
# The stack's ceiling: Spring Cloud Gateway alone, with the gateway's pool settings and JVM flags.
# spring.config.name names a file that does not exist, so the gateway's application.yml is not read.
log "starting the bare Spring Cloud Gateway on $GW_BARE_PORT"
env JAVA_TOOL_OPTIONS="$GW_JAVA_OPTS" java -cp "$WORK/classes:$(cat "$WORK/runtime.cp")" \
  -Dspring.config.name=bare-gateway -Dserver.port="$GW_BARE_PORT" -Dmanagement.server.port="$GW_BARE_MGMT" \
  -Dmanagement.endpoints.web.exposure.include=health -Dmanagement.endpoint.health.probes.enabled=true \
  -Dspring.cloud.gateway.server.webflux.routes[0].id=bare \
  -Dspring.cloud.gateway.server.webflux.routes[0].uri="http://127.0.0.1:$UPSTREAM_PORT" \
  -Dspring.cloud.gateway.server.webflux.routes[0].predicates[0]='Path=/**' \
  -Dspring.cloud.gateway.server.webflux.httpclient.pool.type=fixed \
  -Dspring.cloud.gateway.server.webflux.httpclient.pool.max-connections=1000 \
  -Dspring.cloud.gateway.server.webflux.httpclient.pool.max-idle-time=15s \
  -Dmanagement.tracing.enabled=false -Dmanagement.otlp.metrics.export.enabled=false \
  -Dmanagement.observations.enable.http.server.requests=false \
  -Dspring.cloud.gateway.server.webflux.observability.enabled=false \
  -Dspring.cloud.gateway.server.webflux.metrics.enabled=false \
  io.aclgateway.bench.BareGateway > "$WORK/gateway-bare.log" 2>&1 &
BARE_PID=$!
started "$BARE_PID"
wait_ready "$GW_BARE_MGMT" "$BARE_PID"
# The transport's floor: a hand-written Reactor Netty proxy, same JVM flags, no framework.
log "starting the plain Reactor Netty proxy on $NETTY_PORT"
env JAVA_TOOL_OPTIONS="$GW_JAVA_OPTS" java -cp "$WORK/classes:$(cat "$WORK/runtime.cp")" \
  io.aclgateway.bench.NettyProxy "$NETTY_PORT" "http://127.0.0.1:$UPSTREAM_PORT" > "$WORK/netty-proxy.log" 2>&1 &
started $!
wait_port "$NETTY_PORT" "the Reactor Netty proxy"

# --- routing ------------------------------------------------------------------------------------
declare -A TARGET_PORT=([direct]=$UPSTREAM_PORT [nginx]=$PROXY_PORT [gateway-epoll]=$GW_EPOLL_PORT [gateway-nio]=$GW_NIO_PORT [gateway-bare]=$GW_BARE_PORT [netty]=$NETTY_PORT)
TARGETS=(direct nginx gateway-epoll gateway-nio gateway-bare netty)

expected=$(curl -sf "http://127.0.0.1:$UPSTREAM_PORT$REQUEST_PATH")
for target in "${TARGETS[@]}"; do
  got=$(curl -sf -A "$USER_AGENT" "http://127.0.0.1:${TARGET_PORT[$target]}$REQUEST_PATH") \
    || die "$target did not answer $REQUEST_PATH with 2xx"
  [ "$got" = "$expected" ] || die "$target answered another body: $got"
done

# The transport each gateway really uses, from its threads' names (Linux cuts them at 15 chars).
transport_of() {
  local pid=$1
  if grep -qs '^reactor-http-ep' /proc/"$pid"/task/*/comm; then echo epoll
  elif grep -qs '^reactor-http-ni' /proc/"$pid"/task/*/comm; then echo nio
  else echo unknown; fi
}
EPOLL_TRANSPORT=$(transport_of "$EPOLL_PID")
NIO_TRANSPORT=$(transport_of "$NIO_PID")
log "transports: gateway-epoll uses $EPOLL_TRANSPORT, gateway-nio uses $NIO_TRANSPORT"
printf '{"kind":"transport","gateway-epoll":"%s","gateway-nio":"%s"}\n' "$EPOLL_TRANSPORT" "$NIO_TRANSPORT" >> "$RAW"

# run_wrk TARGET SECONDS: prints wrk's BENCH json line.
run_wrk() {
  local target=$1 seconds=$2
  local out="$WORK/wrk-$target-$(date +%s%N).txt"
  wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${seconds}s" --latency --timeout 10s \
    -H "User-Agent: $USER_AGENT" -s "$BENCH_DIR/wrk/report.lua" \
    "http://127.0.0.1:${TARGET_PORT[$target]}$REQUEST_PATH" > "$out" 2>&1 || die "wrk failed (see $out)"
  grep '^BENCH ' "$out" | head -n 1 | cut -c7-
}

# RSS sampler: every 0.25 s, the largest VmRSS (kB) of PID goes into FILE, until stopped.
start_rss_sampler() {
  local pid=$1 file=$2
  (
    max=0
    while kill -0 "$pid" 2>/dev/null; do
      rss=$(awk '/^VmRSS:/ {print $2}' /proc/"$pid"/status 2>/dev/null || echo 0)
      [ "${rss:-0}" -gt "$max" ] && max=$rss && echo "$max" > "$file"
      sleep 0.25
    done
  ) &
  SAMPLER_PID=$!
  started "$SAMPLER_PID"
}
vm_kb() { awk -v k="$2:" '$1 == k {print $2}' /proc/"$1"/status; }

# The gateway's JIT keeps compiling the reactive stack for a minute or more of load: each gateway
# is warmed in 10 s chunks until two chunks in a row are within 5 % of each other (at least
# WARMUP_GATEWAY s, at most WARMUP_GATEWAY_MAX s); the curve is kept in the results.
warm_gateway() {
  local target=$1 elapsed=0 previous=0 rps
  while :; do
    rps=$(run_wrk "$target" 10 | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["rps"]))')
    elapsed=$((elapsed + 10))
    printf '{"kind":"warmup","target":"%s","after_s":%d,"rps":%d}\n' "$target" "$elapsed" "$rps" >> "$RAW"
    if [ "$elapsed" -ge "$WARMUP_GATEWAY" ] && [ "$previous" -gt 0 ] \
      && [ $(( (rps > previous ? rps - previous : previous - rps) * 100 )) -le $(( 5 * previous )) ]; then
      break
    fi
    [ "$elapsed" -ge "$WARMUP_GATEWAY_MAX" ] && break
    previous=$rps
  done
  log "  $target warmed for ${elapsed}s (last 10 s: $rps req/s)"
}
log "warm-up: wrk against each target, ${WARMUP}s (upstream, nginx), ${WARMUP_GATEWAY}-${WARMUP_GATEWAY_MAX}s (gateways, until steady)"
for target in "${TARGETS[@]}"; do
  case $target in
    gateway-* | netty) warm_gateway "$target" ;;
    *) run_wrk "$target" "$WARMUP" > /dev/null ;;
  esac
done

echo 0 > "$WORK/rss-routing.kb"
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!TARGETS[@]}"; do
    target=${TARGETS[$(( (i + round - 1) % ${#TARGETS[@]} ))]}
    if [ "$target" = gateway-epoll ]; then
      start_rss_sampler "$EPOLL_PID" "$WORK/rss-routing-$round.kb"
    fi
    result=$(run_wrk "$target" "$WRK_DURATION")
    if [ "$target" = gateway-epoll ]; then
      stop_pid "$SAMPLER_PID"
    fi
    printf '{"kind":"routing","round":%d,"target":"%s","wrk":%s}\n' "$round" "$target" "$result" >> "$RAW"
    log "  round $round $target: $(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print("%.0f req/s, p50 %.2f ms, p99 %.2f ms, errors %s" % (d["rps"], d["p50_us"]/1000, d["p99_us"]/1000, sum(d["errors"].values())))' "$result")"
  done
done
rss_routing_max=$(cat "$WORK"/rss-routing-*.kb 2>/dev/null | sort -n | tail -n 1)
printf '{"kind":"rss","phase":"routing","pid_transport":"%s","max_vmrss_kb":%d,"vmhwm_kb":%d,"vmrss_kb":%d}\n' \
  "$EPOLL_TRANSPORT" "${rss_routing_max:-0}" "$(vm_kb "$EPOLL_PID" VmHWM)" "$(vm_kb "$EPOLL_PID" VmRSS)" >> "$RAW"

# --- events -------------------------------------------------------------------------------------
# One JVM for the whole event phase (EventLoad): a warm-up each way, then the rounds alternating.
log "events: warm-up each way until steady (${EVENT_WARMUP}-${EVENT_WARMUP_MAX}s), then $ROUNDS rounds of ${EVENT_SECONDS}s alternating gateway and direct SendMessageBatch"
start_rss_sampler "$EPOLL_PID" "$WORK/rss-events.kb"
java -Xmx512m -cp "$CP" io.aclgateway.bench.EventLoad modes=gateway,sqs url="http://127.0.0.1:$GW_EPOLL_PORT/events" \
  secret="$SECRET" sqs-endpoint="$SQS_ENDPOINT" queue-url="$QUEUE_URL" concurrency="$EVENT_CONCURRENCY" \
  warmup="$EVENT_WARMUP" warmup-max="$EVENT_WARMUP_MAX" seconds="$EVENT_SECONDS" rounds="$ROUNDS" max-calls="$EVENT_MAX_CALLS" \
  run-id="bench-$(date +%s)" > "$WORK/events.txt" 2> "$WORK/events.err" \
  || die "the event load failed (see $WORK/events.txt and events.err)"
stop_pid "$SAMPLER_PID"
while read -r line; do
  printf '{"kind":"events","round":%s,"mode":%s,"load":%s}\n' \
    "$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["round"])' "$line")" \
    "$(python3 -c 'import json,sys; print(json.dumps(json.loads(sys.argv[1])["mode"]))' "$line")" "$line" >> "$RAW"
  log "  $(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print("round %d %s: %.0f msgs/s, %d failed calls, %d on the queue, call p99 %.1f ms" % (d["round"], d["mode"], d["msgs_per_s"], d["failed_calls"], d["messages_on_queue"], d["call_p99_ms"]))' "$line")"
done < <(grep '^BENCH ' "$WORK/events.txt" | cut -c7-)
grep '^WARMUP ' "$WORK/events.txt" | cut -c8- | sed 's/^/{"kind":"events-warmup","load":/; s/$/}/' >> "$RAW"
rss_events_max=$(cat "$WORK/rss-events.kb" 2>/dev/null || echo 0)
printf '{"kind":"rss","phase":"events","max_vmrss_kb":%d,"vmhwm_kb":%d,"vmrss_kb":%d}\n' \
  "${rss_events_max:-0}" "$(vm_kb "$EPOLL_PID" VmHWM)" "$(vm_kb "$EPOLL_PID" VmRSS)" >> "$RAW"

printf '{"kind":"end","load_end":["%s","%s","%s"]}\n' $(cut -d' ' -f1-3 /proc/loadavg) >> "$RAW"
log "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- report -------------------------------------------------------------------------------------
mkdir -p "$RESULTS"
python3 "$BENCH_DIR/report.py" "$RAW" "$RESULTS"
cp "$RAW" "$RESULTS/raw.jsonl"
bash "$BENCH_DIR/chart.sh" "$RESULTS/latest.json" "$RESULTS/routing.png" || log "no chart this time (see above)"
log "results: $RESULTS/latest.md"
cat "$RESULTS/latest.md"

# --- the Kafka leg (issue 13): its own processes, ports and report ----------------------------------
if [ "${KAFKA_LEG:-1}" = 1 ]; then
  for pid in "${PIDS[@]}"; do
    stop_pid "$pid"
  done
  log "the Kafka leg: bench/kafka.sh (KAFKA_LEG=0 skips it)"
  EVENT_CONCURRENCY="$EVENT_CONCURRENCY" "$BENCH_DIR/kafka.sh" || die "the Kafka leg failed"
fi
