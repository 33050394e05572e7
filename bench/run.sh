#!/usr/bin/env bash
# The acl-gateway benchmark (issues 6 and 15): the gateway measured side by side with its peers, on
# the same box, in the same run, in alternation.
#
#   bench/run.sh                 # everything: about 25 minutes on the 2-core box (+ up to 3 waiting for quiet)
#   ROUNDS=1 WRK_DURATION=5 bench/run.sh     # a quick smoke run (figures not for the docs)
#
# What it does (all on 127.0.0.1, every count and duration bounded, every process it starts is
# stopped on exit, whatever happens; the helpers are bench/lib.sh's):
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
#   4. starts the gateway in front of the tiny upstream (native epoll transport, the default: issue 6
#      measured NIO beside it and chose epoll, so the NIO gateway and its rounds are no longer run);
#      and, as the stack's own ceiling, a bare Spring Cloud Gateway (bench/java/.../BareGateway.java:
#      one catch-all route, nothing of ours, tracing, observations and gateway metrics off, same
#      classpath, pool settings and JVM flags); and, as the JVM transport's floor, a plain Reactor
#      Netty proxy (bench/java/.../NettyProxy.java);
#   5. routing, closed loop (the saturation figure): each JVM path warmed until steady (bench/lib.sh's
#      warm: at least WARMUP_GATEWAY s, and steady only near the best rate seen), then ROUNDS rounds
#      of wrk (same settings each) against the upstream directly, nginx, gateway-epoll, gateway-bare
#      and netty, in rotating order; each path's CPU time per request from /proc/PID/stat (nginx:
#      master and workers) over each round; the epoll gateway's RSS sampled from /proc under load;
#   6. routing, open loop (issue 15's latency target): bench/java/.../OpenLoad.java offers fixed rates,
#      25 % and 50 % of the bare gateway's closed-loop median req/s of this run, to nginx, bare, ours
#      and netty, alternating, ROUNDS rounds, latency from each request's intended send time
#      (coordinated omission corrected, HdrHistogram); then the sweep: for nginx, bare and ours
#      (SWEEP_PATHS), offered rates in steps of 10 % of each path's own closed-loop capacity, one run
#      each, until the path saturates (achieved < 95 % of offered, or p99 > 200 ms);
#   7. events: after a warm-up each way (until steady), ROUNDS rounds alternating signed batches of 100 events
#      posted to the gateway and SendMessageBatch calls of 10 sent straight to the same queue (the
#      ceiling), same events, same concurrency, one load JVM (bench/java/.../EventLoad.java);
#   8. writes bench/results/latest.json, latest.md, raw.jsonl, routing.png and latency.png
#      (bench/report.py, bench/chart.sh);
#   9. stops what it started, then runs the Kafka leg, bench/kafka.sh (issue 13: events from Kafka
#      to the queue beside the SDK client's ceiling, and the lag; its own settings, SHORT=1 for a
#      smoke run; bench/results/kafka.md), unless KAFKA_LEG=0.
#
# Settings (environment): ROUNDS (3), WRK_THREADS (2), WRK_CONNECTIONS (32), WRK_DURATION (15, s),
# WARMUP (10, s, upstream and nginx), WARMUP_GATEWAY and WARMUP_GATEWAY_MAX (60 and 150, s: each
# JVM path is warmed in 10 s steps until two steps in a row agree within 5 % and the last is within
# 5 % of the best step seen, after at least WARMUP_GATEWAY s: its JIT compiles the reactive stack
# for a minute or more and can rest on a plateau on the way),
# OPENLOOP (1; 0 skips step 6's fixed-rate runs), OPENLOOP_SHARES ("25 50": percent of the bare
# gateway's capacity), OPENLOOP_SECONDS and OPENLOOP_WARM (10 and 2, s per run),
# OPENLOOP_CONNECTIONS (256, the generator's connection bound), SWEEP (1; 0 skips the sweep),
# SWEEP_PATHS ("nginx gateway-bare gateway-epoll"; add netty to sweep it too), SWEEP_STEP (10, % of
# the path's own capacity), SWEEP_MAX (150, %), SWEEP_SECONDS and SWEEP_WARM (8 and 1, s),
# EVENTS (1; 0 skips step 7), EVENT_CONCURRENCY (8), EVENT_SECONDS (15), EVENT_WARMUP and
# EVENT_WARMUP_MAX (90 and 180 s: the gateway's event path compiles for 80 s or more and can pause
# on a plateau on the way, each way, until steady as for the gateways),
# IDLE_LOAD and IDLE_WAIT (1.0, 180 s: how quiet the box should be, and how long to wait for it),
# CONTAINER_MEMORY (512m: the memory limit the JVM sizes itself for),
# GATEWAY_EXTRA_OPTS (more JVM options or -D properties for the gateway, to try a lever),
# BUILD=always to rebuild the jar, MVN_FLAGS (e.g. -o), KEEP_WORK=1 to keep the work folder with every log.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
RESULTS="$BENCH_DIR/results"
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"

ROUNDS=${ROUNDS:-3}
WRK_THREADS=${WRK_THREADS:-2}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-32}
WRK_DURATION=${WRK_DURATION:-15}
WARMUP=${WARMUP:-10}
WARMUP_GATEWAY=${WARMUP_GATEWAY:-60}
WARMUP_GATEWAY_MAX=${WARMUP_GATEWAY_MAX:-150}
OPENLOOP=${OPENLOOP:-1}
OPENLOOP_SHARES=${OPENLOOP_SHARES:-25 50}
OPENLOOP_SECONDS=${OPENLOOP_SECONDS:-10}
OPENLOOP_WARM=${OPENLOOP_WARM:-2}
OPENLOOP_CONNECTIONS=${OPENLOOP_CONNECTIONS:-256}
SWEEP=${SWEEP:-1}
SWEEP_PATHS=${SWEEP_PATHS:-nginx gateway-bare gateway-epoll}
SWEEP_STEP=${SWEEP_STEP:-10}
SWEEP_MAX=${SWEEP_MAX:-150}
SWEEP_SECONDS=${SWEEP_SECONDS:-8}
SWEEP_WARM=${SWEEP_WARM:-1}
EVENTS=${EVENTS:-1}
EVENT_CONCURRENCY=${EVENT_CONCURRENCY:-8}
EVENT_SECONDS=${EVENT_SECONDS:-15}
EVENT_WARMUP=${EVENT_WARMUP:-90}
EVENT_WARMUP_MAX=${EVENT_WARMUP_MAX:-180}
EVENT_MAX_CALLS=${EVENT_MAX_CALLS:-200000}

# Fixed loopback ports (the nginx configs name theirs); each is checked free before use.
UPSTREAM_PORT=18081      # bench/nginx/upstream.conf
PROXY_PORT=18082         # bench/nginx/proxy.conf
GW_EPOLL_PORT=18090; GW_EPOLL_MGMT=18091
SQS_PORT=18094
GW_READY_PORT=18095; GW_READY_MGMT=18096
GW_BARE_PORT=18097; GW_BARE_MGMT=18098
NETTY_PORT=18099

# The secret of the bench only (never a real one).
SECRET=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
USER_AGENT='ChatWork/5.3.1 (iOS 17.4.1; iPhone15,2)'
REQUEST_PATH=/v1/rooms

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
need_tools nginx wrk curl python3
command -v java >/dev/null && command -v javac >/dev/null || die "a JDK 17+ (java and javac) is needed"

# --- the gateway's jar, test classes and classpath ----------------------------------------------
cd "$REPO"
jar_file() { find target -maxdepth 1 -name 'acl-gateway-*.jar' 2>/dev/null | sort | head -n 1; }
if [ "${BUILD:-}" = always ] || [ -z "$(jar_file)" ] || [ ! -f target/test-classes/io/aclgateway/testing/EmbeddedSqs.class ]; then
  log "building the gateway (./mvnw -B -q -DskipTests package)"
  ./mvnw -B -q ${MVN_FLAGS:-} -DskipTests package
fi

WORK=$(mktemp -d /tmp/acl-bench.XXXXXX)
RAW="$WORK/raw.jsonl"
: > "$RAW"
log "work folder $WORK"

# The image's /app, laid out and trained as the Dockerfile says (JAR, APP_DIR, ENTRYPOINT, and
# GW_JAVA_OPTS: the Dockerfile's JAVA_TOOL_OPTIONS with -XX:MaxRAM=CONTAINER_MEMORY, so that the
# percentages refer to the container's memory as under a cgroup limit). The jar was built above.
BUILD='' prepare_image

log "resolving the test classpath (ElasticMQ, AWS SDK) and the runtime classpath (the bare gateway, the load generator)"
./mvnw -B -q ${MVN_FLAGS:-} dependency:build-classpath -Dmdep.outputFile="$WORK/deps.cp" >/dev/null
./mvnw -B -q ${MVN_FLAGS:-} dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$WORK/runtime.cp" >/dev/null
CP="$WORK/classes:$REPO/target/classes:$REPO/target/test-classes:$(cat "$WORK/deps.cp")"
# OpenLoad's HdrHistogram comes with Micrometer (the gateway's runtime classpath): nothing is added.
grep -q 'HdrHistogram' "$WORK/runtime.cp" || die "HdrHistogram is not on the runtime classpath (OpenLoad needs it)"
mkdir -p "$WORK/classes"
javac -nowarn -d "$WORK/classes" -cp "$CP" "$BENCH_DIR"/java/io/aclgateway/bench/*.java

ports_free $UPSTREAM_PORT $PROXY_PORT $GW_EPOLL_PORT $GW_EPOLL_MGMT $SQS_PORT \
  $GW_READY_PORT $GW_READY_MGMT $GW_BARE_PORT $GW_BARE_MGMT $NETTY_PORT

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
  "$EVENT_SECONDS" "$GW_JAVA_OPTS" "$WARMUP_GATEWAY" "${ENTRYPOINT[*]}" "$WARMUP_GATEWAY_MAX" \
  "$OPENLOOP_SECONDS" "$OPENLOOP_WARM" "$OPENLOOP_CONNECTIONS" "$OPENLOOP_SHARES" "$SWEEP_SECONDS" "$SWEEP_STEP" \
  "$(getconf CLK_TCK)" <<'EOF'
import json, os, platform, re, subprocess, sys, datetime
(raw, rounds, threads, conns, dur, warm, econc, esec, jopts, warm_gw, entrypoint, warm_gw_max,
 ol_sec, ol_warm, ol_conns, ol_shares, sw_sec, sw_step, clk_tck) = sys.argv[1:]
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
  "java": out(os.environ.get('IMAGE_JAVA', 'java') + ' -version 2>&1 | head -n 2').replace('\n', ' / '),
  "nginx": out('nginx -v 2>&1'),
  "wrk": out('wrk -v 2>&1 | head -n 1'),
  "commit": out('git log -1 --format="%h %s" 2>/dev/null') or "unknown",
  "load_start": open('/proc/loadavg').read().split()[:3],
  "settings": {"rounds": int(rounds), "wrk": f"-t{threads} -c{conns} -d{dur}s --latency --timeout 10s",
               "warmup_s": int(warm), "warmup_gateway_s": int(warm_gw), "warmup_gateway_max_s": int(warm_gw_max),
               "event_concurrency": int(econc), "event_seconds": int(esec),
               "openloop": {"seconds": float(ol_sec), "warm_s": float(ol_warm), "connections": int(ol_conns),
                            "shares_percent": [int(x) for x in ol_shares.split()],
                            "sweep_seconds": float(sw_sec), "sweep_step_percent": int(sw_step)},
               "clk_tck": int(clk_tck),
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
  NGINX_PID[$name]=$!
  wait_port "$port" "nginx $name"
}
declare -A NGINX_PID=()
log "starting the tiny upstream (nginx, 1 worker) on $UPSTREAM_PORT and the nginx proxy (2 workers) on $PROXY_PORT"
start_nginx upstream "$UPSTREAM_PORT"
start_nginx proxy "$PROXY_PORT"

# --- the gateway --------------------------------------------------------------------------------
# start_ours NAME PORT MGMT_PORT: the gateway (bench/lib.sh's start_gateway, from the image layout)
# in front of the tiny upstream, with the routing file of the repository; sets GW_PID.
start_ours() {
  local name=$1 port=$2 mgmt=$3
  start_gateway "$name" ACL_FALCON_URI="http://127.0.0.1:$UPSTREAM_PORT" ACL_LEGACY_URI="http://127.0.0.1:$UPSTREAM_PORT" \
    ACL_ROUTING_FILE="$REPO/config/routing.yml" SERVER_PORT="$port" MANAGEMENT_SERVER_PORT="$mgmt" \
    ACL_EVENTS_QUEUE_URL="$QUEUE_URL" ACL_SQS_ENDPOINT="$SQS_ENDPOINT" ACL_EVENTS_SIGNING_SECRETS="$SECRET" \
    AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x
}
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

QUEUE_URL="http://127.0.0.1:$SQS_PORT/000000000000/bench-legacy.fifo"
SQS_ENDPOINT="http://127.0.0.1:$SQS_PORT"
log "timing 3 starts of the gateway (process start to readiness UP)"
for start in 1 2 3; do
  t0=$(now_ms)
  start_ours "ready-$start" "$GW_READY_PORT" "$GW_READY_MGMT"
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

# Only the native epoll transport (the default): issue 6 ran NIO beside it and chose epoll, so the
# NIO gateway and its rounds are gone (GATEWAY_EXTRA_OPTS=-Dreactor.netty.native=false measures it).
log "starting gateway-epoll on $GW_EPOLL_PORT"
start_ours epoll "$GW_EPOLL_PORT" "$GW_EPOLL_MGMT"
EPOLL_PID=$GW_PID
wait_ready "$GW_EPOLL_MGMT" "$EPOLL_PID"
# The stack's ceiling: Spring Cloud Gateway alone, with the gateway's pool settings and JVM flags.
# Its settings are bench/bare-gateway.properties, its only configuration file (bench/lib.sh).
log "starting the bare Spring Cloud Gateway on $GW_BARE_PORT"
env JAVA_TOOL_OPTIONS="$GW_JAVA_OPTS" "$IMAGE_JAVA" -cp "$WORK/classes:$(cat "$WORK/runtime.cp")" \
  $(bare_gateway_settings "$GW_BARE_PORT" "$GW_BARE_MGMT" "http://127.0.0.1:$UPSTREAM_PORT") \
  io.aclgateway.bench.BareGateway > "$WORK/gateway-bare.log" 2>&1 &
BARE_PID=$!
started "$BARE_PID"
wait_ready "$GW_BARE_MGMT" "$BARE_PID"
# The transport's floor: a hand-written Reactor Netty proxy, same JVM flags, no framework.
log "starting the plain Reactor Netty proxy on $NETTY_PORT"
env JAVA_TOOL_OPTIONS="$GW_JAVA_OPTS" "$IMAGE_JAVA" -cp "$WORK/classes:$(cat "$WORK/runtime.cp")" \
  io.aclgateway.bench.NettyProxy "$NETTY_PORT" "http://127.0.0.1:$UPSTREAM_PORT" > "$WORK/netty-proxy.log" 2>&1 &
NETTY_PID=$!
started "$NETTY_PID"
wait_port "$NETTY_PORT" "the Reactor Netty proxy"

# --- routing ------------------------------------------------------------------------------------
declare -A TARGET_PORT=([direct]=$UPSTREAM_PORT [nginx]=$PROXY_PORT [gateway-epoll]=$GW_EPOLL_PORT [gateway-bare]=$GW_BARE_PORT [netty]=$NETTY_PORT)
TARGETS=(direct nginx gateway-epoll gateway-bare netty)

expected=$(curl -sf "http://127.0.0.1:$UPSTREAM_PORT$REQUEST_PATH")
for target in "${TARGETS[@]}"; do
  got=$(curl -sf -A "$USER_AGENT" "http://127.0.0.1:${TARGET_PORT[$target]}$REQUEST_PATH") \
    || die "$target did not answer $REQUEST_PATH with 2xx"
  [ "$got" = "$expected" ] || die "$target answered another body: $got"
done

# The transport the gateway really uses, from its threads' names (Linux cuts them at 15 chars).
transport_of() {
  local pid=$1
  if grep -qs '^reactor-http-ep' /proc/"$pid"/task/*/comm; then echo epoll
  elif grep -qs '^reactor-http-ni' /proc/"$pid"/task/*/comm; then echo nio
  else echo unknown; fi
}
EPOLL_TRANSPORT=$(transport_of "$EPOLL_PID")
log "transport: gateway-epoll uses $EPOLL_TRANSPORT"
printf '{"kind":"transport","gateway-epoll":"%s"}\n' "$EPOLL_TRANSPORT" >> "$RAW"

# The processes whose CPU time is a path's: nginx's master and workers, or the one JVM.
pids_of() {
  local target=$1 master
  case $target in
    direct | nginx)
      [ "$target" = direct ] && master=${NGINX_PID[upstream]} || master=${NGINX_PID[proxy]}
      echo "$master" $(ps -o pid= --ppid "$master")
      ;;
    gateway-epoll) echo "$EPOLL_PID" ;;
    gateway-bare) echo "$BARE_PID" ;;
    netty) echo "$NETTY_PID" ;;
  esac
}
# path_ticks TARGET: user+system clock ticks of the path's processes so far (bench/lib.sh's cpu_ticks).
path_ticks() {
  local total=0 pid
  for pid in $(pids_of "$1"); do
    total=$((total + $(cpu_ticks "$pid")))
  done
  echo "$total"
}
CLK_TCK=$(getconf CLK_TCK)
url_of() { echo "http://127.0.0.1:${TARGET_PORT[$1]}$REQUEST_PATH"; }
# wrk_target TARGET SECONDS: bench/lib.sh's run_wrk with the request of the bench (rule ios-5).
wrk_target() { run_wrk "$(url_of "$1")" "$2" -H "User-Agent: $USER_AGENT"; }

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

# Each JVM path is warmed with bench/lib.sh's warm (issue 15's rule): 10 s steps until two in a
# row agree within 5 % AND the last is within 5 % of the best step seen AND the JVM's JIT compiler
# threads used under 3 % of a core in it (WARM_PID), after at least
# WARMUP_GATEWAY s (a JIT resting on a plateau it later leaves is not steady), at most
# WARMUP_GATEWAY_MAX s; the curve is kept in the results.
log "warm-up: wrk against each target, ${WARMUP}s (upstream, nginx), ${WARMUP_GATEWAY}-${WARMUP_GATEWAY_MAX}s (JVM paths, until steady)"
for target in "${TARGETS[@]}"; do
  case $target in
    gateway-* | netty)
      : > "$WORK/warm-$target.steps"
      warmed=$(WARM_STEPS="$WORK/warm-$target.steps" WARM_PID="$(pids_of "$target" | head -n 1)" \
        warm "$(url_of "$target")" "$WARMUP_GATEWAY" "$WARMUP_GATEWAY_MAX" -H "User-Agent: $USER_AGENT")
      read -r warmed last <<<"$warmed"
      while read -r after rps; do
        printf '{"kind":"warmup","target":"%s","after_s":%d,"rps":%d}\n' "$target" "$after" "$rps" >> "$RAW"
      done < "$WORK/warm-$target.steps"
      log "  $target warmed for ${warmed}s (last 10 s: $last req/s)"
      ;;
    *) wrk_target "$target" "$WARMUP" > /dev/null ;;
  esac
done

for round in $(seq 1 "$ROUNDS"); do
  for i in "${!TARGETS[@]}"; do
    target=${TARGETS[$(( (i + round - 1) % ${#TARGETS[@]} ))]}
    if [ "$target" = gateway-epoll ]; then
      start_rss_sampler "$EPOLL_PID" "$WORK/rss-routing-$round.kb"
    fi
    ticks0=$(path_ticks "$target")
    result=$(wrk_target "$target" "$WRK_DURATION")
    ticks1=$(path_ticks "$target")
    if [ "$target" = gateway-epoll ]; then
      stop_pid "$SAMPLER_PID"
    fi
    printf '{"kind":"routing","round":%d,"target":"%s","wrk":%s,"cpu_ticks":%d,"clk_tck":%d,"pids":"%s"}\n' \
      "$round" "$target" "$result" "$((ticks1 - ticks0))" "$CLK_TCK" "$(pids_of "$target" | xargs)" >> "$RAW"
    log "  round $round $target: $(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); t=int(sys.argv[2]); print("%.0f req/s, p50 %.2f ms, p99 %.2f ms, errors %s, CPU %.1f us/request" % (d["rps"], d["p50_us"]/1000, d["p99_us"]/1000, sum(d["errors"].values()), t * 1e6 / int(sys.argv[3]) / max(1, d["requests"])))' "$result" "$((ticks1 - ticks0))" "$CLK_TCK")"
  done
done
rss_routing_max=$(cat "$WORK"/rss-routing-*.kb 2>/dev/null | sort -n | tail -n 1)
printf '{"kind":"rss","phase":"routing","pid_transport":"%s","max_vmrss_kb":%d,"vmhwm_kb":%d,"vmrss_kb":%d}\n' \
  "$EPOLL_TRANSPORT" "${rss_routing_max:-0}" "$(vm_kb "$EPOLL_PID" VmHWM)" "$(vm_kb "$EPOLL_PID" VmRSS)" >> "$RAW"

# --- routing, open loop (issue 15: the latency a user feels) ---------------------------------------
# median_rps TARGET: the median closed-loop req/s of TARGET over this run's rounds.
median_rps() {
  python3 - "$RAW" "$1" <<'EOF'
import json, statistics, sys
rps = [r["wrk"]["rps"] for r in map(json.loads, open(sys.argv[1])) if r["kind"] == "routing" and r["target"] == sys.argv[2]]
print(int(statistics.median(rps)) if rps else 0)
EOF
}
# open_load KIND RUN...: one OpenLoad JVM (bench/java/.../OpenLoad.java) for these runs, in order;
# each OPENLOOP line becomes a raw record of KIND (label "SHARE/ROUND" or "STEP").
open_load() {
  local kind=$1
  shift
  local out="$WORK/openload-$kind.txt"
  java -XX:+UseSerialGC -Xms128m -Xmx128m -cp "$WORK/classes:$(cat "$WORK/runtime.cp")" io.aclgateway.bench.OpenLoad \
    path="$REQUEST_PATH" user-agent="$USER_AGENT" connections="$OPENLOOP_CONNECTIONS" "$@" \
    > "$out" 2> "$WORK/openload-$kind.err" || die "the open-loop load failed (see $out and $WORK/openload-$kind.err)"
  python3 - "$kind" "$out" "$CLK_TCK" >> "$RAW" <<'EOF'
import json, sys
kind, out, clk = sys.argv[1], sys.argv[2], int(sys.argv[3])
for line in open(out):
    if not line.startswith("OPENLOOP "):
        continue
    d = json.loads(line[9:])
    if d["cpu_us_per_request"] is not None:
        d["cpu_us_per_request"] = round(d["cpu_us_per_request"] * 100 / clk, 1)
    rec = {"kind": kind, "target": d["target"]}
    if kind == "openloop":
        share, rnd = d["label"].split("/")
        rec.update(share=int(share), round=int(rnd))
    else:
        rec.update(step_percent=int(d["label"]))
    rec["load"] = d
    print(json.dumps(rec))
    print("  %s %s %s: offered %.0f, achieved %.0f req/s, p50 %.2f, p99 %.2f, p99.9 %.2f ms, errors %d, timeouts %d"
          % (kind, d["target"], d["label"], d["offered_rps"], d["achieved_rps"], d["p50_ms"], d["p99_ms"],
             d["p999_ms"], d["errors"], d["timeouts"]), file=sys.stderr)
EOF
}
BARE_RPS=$(median_rps gateway-bare)
OPENLOOP_PATHS=(nginx gateway-bare gateway-epoll netty)
if [ "$OPENLOOP" = 1 ]; then
  [ "$BARE_RPS" -gt 0 ] || die "no closed-loop figure of the bare gateway to take the open-loop rates from"
  runs=()
  for round in $(seq 1 "$ROUNDS"); do
    for share in $OPENLOOP_SHARES; do
      for i in "${!OPENLOOP_PATHS[@]}"; do
        target=${OPENLOOP_PATHS[$(( (i + round - 1) % ${#OPENLOOP_PATHS[@]} ))]}
        rate=$((BARE_RPS * share / 100))
        runs+=("run=$target:${TARGET_PORT[$target]}:$((rate > 0 ? rate : 1)):$share/$round:$(pids_of "$target" | xargs | tr ' ' '+')")
      done
    done
  done
  log "open loop: $OPENLOOP_SHARES % of the bare gateway's $BARE_RPS req/s, ${OPENLOOP_SECONDS}s each (after ${OPENLOOP_WARM}s unrecorded), $ROUNDS rounds over ${OPENLOOP_PATHS[*]}"
  open_load openloop warm="$OPENLOOP_WARM" seconds="$OPENLOOP_SECONDS" timeout=5 "${runs[@]}"
fi

# The sweep: latency against offered rate, each path up to its own saturation; steps interleaved
# across the paths so that none runs all its steps at a quieter moment of the box.
if [ "$SWEEP" = 1 ]; then
  runs=()
  declare -A CAPACITY=()
  for target in $SWEEP_PATHS; do
    CAPACITY[$target]=$(median_rps "$target")
  done
  for step in $(seq "$SWEEP_STEP" "$SWEEP_STEP" "$SWEEP_MAX"); do
    for target in $SWEEP_PATHS; do
      rate=$((CAPACITY[$target] * step / 100))
      [ "$rate" -gt 0 ] || continue
      runs+=("run=$target:${TARGET_PORT[$target]}:$rate:$step:$(pids_of "$target" | xargs | tr ' ' '+')")
    done
  done
  log "sweep: $SWEEP_PATHS in steps of ${SWEEP_STEP} % of each path's closed-loop req/s, ${SWEEP_SECONDS}s each, until it saturates"
  open_load sweep warm="$SWEEP_WARM" seconds="$SWEEP_SECONDS" timeout=2 stop-saturated=true saturated-p99-ms=200 \
    prewarm=0 "${runs[@]}"
fi

# --- events -------------------------------------------------------------------------------------
# One JVM for the whole event phase (EventLoad): a warm-up each way, then the rounds alternating.
if [ "$EVENTS" = 1 ]; then
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
fi

printf '{"kind":"end","load_end":["%s","%s","%s"]}\n' $(cut -d' ' -f1-3 /proc/loadavg) >> "$RAW"
log "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- report -------------------------------------------------------------------------------------
mkdir -p "$RESULTS"
python3 "$BENCH_DIR/report.py" "$RAW" "$RESULTS"
cp "$RAW" "$RESULTS/raw.jsonl"
bash "$BENCH_DIR/chart.sh" "$RESULTS/latest.json" "$RESULTS/routing.png" "$RESULTS/latency.png" \
  || log "no chart this time (see above)"
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
