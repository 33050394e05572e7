#!/usr/bin/env bash
# Where the gateway's CPU goes on the routing path: a JFR recording of one gateway under the
# bench's routing load, summed up by what the sampled stacks pass through.
#
#   bench/profile.sh                                   # about 2.5 minutes
#   PROFILE_EXTRA_OPTS='-Dmanagement.tracing.enabled=false' bench/profile.sh   # try a lever
#   PROFILE_TARGET=bare PROFILE_NAME=bare bench/profile.sh                     # the bare gateway
#   PROFILE_JAR=/elsewhere/target/acl-gateway-X.jar PROFILE_NAME=before bench/profile.sh
#
# PROFILE_TARGET: gateway (default: this build's jar, or PROFILE_JAR) or bare (the bare Spring
# Cloud Gateway of bench/run.sh, bench/java/io/aclgateway/bench/BareGateway.java, started with
# run.sh's flags and settings). PROFILE_NAME names the outputs: bench/results/profile-NAME.txt,
# flame-NAME.svg, flame-NAME-compact.svg and flame-NAME.folded (bench/flamegraph.py, the event
# loops' samples), and profile-NAME.jfr (not committed); without it profile.txt, flame.svg, ...
# UPSTREAM_PORT, GW_PORT, GW_MGMT: the ports (18081, 18090, 18091 as in run.sh). WARMUP_MAX (s,
# default WARMUP_GATEWAY): on a busy box, warm up longer, in 20 s steps, until the JIT's compiler
# threads use under JIT_QUIET (3) % of one core.
#
# Starts the tiny upstream (bench/nginx/upstream.conf) and one gateway in front of it (the
# Dockerfile's JAVA_TOOL_OPTIONS, a 512 MiB container's heap, JFR from the start with stacks up to
# 256 frames, Native Memory Tracking), warms it up with wrk (WARMUP_GATEWAY s, 80: its JIT needs
# about a minute of load), then, during LOAD_SECONDS (20) of the same wrk load as bench/run.sh:
# records JFR (settings=profile), each thread's CPU time and the process's from /proc; then the
# JVM's memory by area (NMT). Writes the files named above. Needs its ports free (run.sh's by
# default, so not while it runs). Loopback only; stops what it started.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
RESULTS="$BENCH_DIR/results"
WARMUP_GATEWAY=${WARMUP_GATEWAY:-80}
WARMUP_MAX=${WARMUP_MAX:-$WARMUP_GATEWAY}
JIT_QUIET=${JIT_QUIET:-3}
LOAD_SECONDS=${LOAD_SECONDS:-20}
UPSTREAM_PORT=${UPSTREAM_PORT:-18081}
GW_PORT=${GW_PORT:-18090}
GW_MGMT=${GW_MGMT:-18091}
PROFILE_TARGET=${PROFILE_TARGET:-gateway}
PROFILE_NAME=${PROFILE_NAME:-}
SUFFIX=${PROFILE_NAME:+-$PROFILE_NAME}
case "$PROFILE_TARGET" in
  gateway|bare) ;;
  *) echo "profile: PROFILE_TARGET is gateway or bare, not $PROFILE_TARGET" >&2; exit 1 ;;
esac
case "$PROFILE_NAME" in
  *[!A-Za-z0-9._-]*) echo "profile: PROFILE_NAME may hold letters, digits, '.', '_' and '-' only" >&2; exit 1 ;;
esac
USER_AGENT='ChatWork/5.3.1 (iOS 17.4.1; iPhone15,2)'

for tool in nginx wrk curl python3 jcmd jfr javac; do
  command -v "$tool" >/dev/null 2>&1 || { echo "profile: $tool is needed (bench/run.sh installs nginx and wrk; jcmd and jfr come with the JDK)" >&2; exit 1; }
done
cd "$REPO"
if [ -n "${PROFILE_JAR:-}" ]; then
  [ -f "$PROFILE_JAR" ] || { echo "profile: no such jar: $PROFILE_JAR" >&2; exit 1; }
  jar=$(cd "$(dirname "$PROFILE_JAR")" && pwd)/$(basename "$PROFILE_JAR")
elif [ "$PROFILE_TARGET" = gateway ]; then
  jar=$(find target -maxdepth 1 -name 'acl-gateway-*.jar' | sort | head -n 1)
  if [ -z "$jar" ]; then
    ./mvnw -B -q -DskipTests package
    jar=$(find target -maxdepth 1 -name 'acl-gateway-*.jar' | sort | head -n 1)
  fi
fi
DOCKER_JAVA_OPTS=$(sed -n 's/^ENV JAVA_TOOL_OPTIONS="\(.*\)"[[:space:]]*$/\1/p' Dockerfile | head -n 1)
# The image's Java (a local JDK of the Dockerfile's major version), for the gateway and the bare one.
PROFILE_JAVA=${PROFILE_JAVA:-$("$REPO/.ci/image-java.sh")/bin/java}
[ -n "$DOCKER_JAVA_OPTS" ] || { echo "profile: no ENV JAVA_TOOL_OPTIONS in Dockerfile" >&2; exit 1; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in $UPSTREAM_PORT $GW_PORT $GW_MGMT; do
  port_open "$port" && { echo "profile: port $port is taken (is bench/run.sh running?)" >&2; exit 1; }
done

WORK=$(mktemp -d /tmp/acl-profile.XXXXXX)
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
mkdir -p "$WORK/nginx"
# The upstream's port is written in its config: a copy listens where UPSTREAM_PORT says.
sed "s/127\.0\.0\.1:18081 /127.0.0.1:$UPSTREAM_PORT /" "$BENCH_DIR/nginx/upstream.conf" > "$WORK/upstream.conf"
grep -q "127.0.0.1:$UPSTREAM_PORT " "$WORK/upstream.conf" || { echo "profile: no 'listen 127.0.0.1:18081' in bench/nginx/upstream.conf" >&2; exit 1; }
nginx -c "$WORK/upstream.conf" -p "$WORK/nginx" -e "$WORK/nginx/error.log" &
PIDS+=($!)
PROFILE_JAVA_OPTS="$DOCKER_JAVA_OPTS -XX:MaxRAM=512m -XX:FlightRecorderOptions:stackdepth=256 -XX:StartFlightRecording:name=bench,settings=profile -XX:NativeMemoryTracking=summary ${PROFILE_EXTRA_OPTS:-}"
if [ "$PROFILE_TARGET" = bare ]; then
  # As bench/run.sh starts it: the runtime classpath and bench/bare-gateway.properties as the only
  # configuration file.
  runtime_cp="$WORK/runtime.cp"
  ./mvnw -B -q -o dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$runtime_cp" > /dev/null 2>&1 \
    || ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$runtime_cp" > /dev/null
  mkdir -p "$WORK/classes"
  javac -nowarn -d "$WORK/classes" -cp "$(cat "$runtime_cp")" "$BENCH_DIR/java/io/aclgateway/bench/BareGateway.java"
  env JAVA_TOOL_OPTIONS="$PROFILE_JAVA_OPTS" "$PROFILE_JAVA" -cp "$WORK/classes:$(cat "$runtime_cp")" \
    -Dspring.config.location="file:$BENCH_DIR/bare-gateway.properties" -Dserver.port="$GW_PORT" \
    -Dmanagement.server.port="$GW_MGMT" -Dbench.upstream="http://127.0.0.1:$UPSTREAM_PORT" \
    io.aclgateway.bench.BareGateway > "$WORK/gateway.log" 2>&1 &
  GW_PID=$!
  WHAT="the bare Spring Cloud Gateway (bench/java/io/aclgateway/bench/BareGateway.java)"
else
  env ACL_FALCON_URI="http://127.0.0.1:$UPSTREAM_PORT" ACL_LEGACY_URI="http://127.0.0.1:$UPSTREAM_PORT" \
    ACL_ROUTING_FILE="$REPO/config/routing.yml" SERVER_PORT=$GW_PORT MANAGEMENT_SERVER_PORT=$GW_MGMT \
    JAVA_TOOL_OPTIONS="$PROFILE_JAVA_OPTS" \
    "$PROFILE_JAVA" -jar "$jar" > "$WORK/gateway.log" 2>&1 &
  GW_PID=$!
  WHAT="the gateway ($jar)"
fi
PIDS+=("$GW_PID")
for _ in $(seq 1 2400); do
  curl -sf "http://127.0.0.1:$GW_MGMT/actuator/health/readiness" 2>/dev/null | grep -q UP && break
  kill -0 "$GW_PID" 2>/dev/null || { cat "$WORK/gateway.log" >&2; exit 1; }
  sleep 0.05
done

echo "profile: warm-up ${WARMUP_GATEWAY}s" >&2
wrk -t2 -c32 -d"${WARMUP_GATEWAY}s" -H "User-Agent: $USER_AGENT" "http://127.0.0.1:$GW_PORT/v1/rooms" > /dev/null
# On a busy box the JIT is still compiling after the minimum: go on in 20 s steps, up to
# WARMUP_MAX s in all, until the compiler threads use under JIT_QUIET % of one core.
warmed=$WARMUP_GATEWAY
WARMUP_NOTE="warm-up ${warmed} s"
while [ "$warmed" -lt "$WARMUP_MAX" ]; do
  python3 "$BENCH_DIR/profile.py" threads "$GW_PID" 20 > "$WORK/warm-threads.txt" &
  wrk -t2 -c32 -d20s -H "User-Agent: $USER_AGENT" "http://127.0.0.1:$GW_PORT/v1/rooms" > /dev/null
  wait $!
  warmed=$((warmed + 20))
  jit=$(awk '/CompilerThre/ {sum += $1} END {printf "%.0f", sum}' "$WORK/warm-threads.txt")
  WARMUP_NOTE="warm-up ${warmed} s, the JIT's compiler threads at ${jit} % of one core in its last 20 s"
  echo "profile: $WARMUP_NOTE" >&2
  [ "$jit" -lt "$JIT_QUIET" ] && break
done
echo "profile: recording ${LOAD_SECONDS}s under load" >&2
# The recording runs from the JVM's start (starting one later would re-instrument JDK classes and
# throw compiled code away); only the measured window is dumped.
python3 "$BENCH_DIR/profile.py" threads "$GW_PID" "$LOAD_SECONDS" > "$WORK/threads.txt" &
THREADS_PID=$!
TICKS_BEFORE=$(python3 "$BENCH_DIR/profile.py" ticks "$GW_PID")
wrk -t2 -c32 -d"${LOAD_SECONDS}s" --latency -H "User-Agent: $USER_AGENT" "http://127.0.0.1:$GW_PORT/v1/rooms" > "$WORK/wrk.txt"
TICKS_AFTER=$(python3 "$BENCH_DIR/profile.py" ticks "$GW_PID")
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
wait "$THREADS_PID"
jcmd "$GW_PID" JFR.dump name=bench begin="-${LOAD_SECONDS}s" filename="$WORK/profile.jfr" > /dev/null
jcmd "$GW_PID" VM.native_memory summary scale=MB > "$WORK/nmt.txt" 2>&1 || true
RSS_KB=$(awk '/^VmRSS:/ {print $2}' /proc/"$GW_PID"/status)
HWM_KB=$(awk '/^VmHWM:/ {print $2}' /proc/"$GW_PID"/status)
mkdir -p "$RESULTS"
jfr print --events jdk.ExecutionSample --stack-depth 256 "$WORK/profile.jfr" > "$WORK/samples.txt"
python3 "$BENCH_DIR/flamegraph.py" fold "$WORK/samples.txt" "$RESULTS/flame$SUFFIX.folded" "$RESULTS/flame$SUFFIX.svg" \
  --title "${PROFILE_NAME:-$PROFILE_TARGET}: $PROFILE_TARGET, Netty event loops, ${LOAD_SECONDS} s of wrk -c32 (bench/profile.sh, $(date -u +%Y-%m-%d), load average $LOADAVG)"
# The same without Reactor's operators and Netty's pipeline hops, which make most of the height.
python3 "$BENCH_DIR/flamegraph.py" svg "$RESULTS/flame$SUFFIX.folded" "$RESULTS/flame$SUFFIX-compact.svg" \
  --hide '^reactor\.core\.|^io\.netty\.channel\.(AbstractChannelHandlerContext|DefaultChannelPipeline|CombinedChannelDuplexHandler)' \
  --title "${PROFILE_NAME:-$PROFILE_TARGET}, compact (reactor.core operators and Netty pipeline hops left out): $PROFILE_TARGET, ${LOAD_SECONDS} s, load average $LOADAVG"
{
  echo "# bench/profile.sh $(date -u +%Y-%m-%dT%H:%M:%SZ), load average $LOAD_START before the start, $LOADAVG at the end of the load (which adds its own 2 or so)"
  echo "# profiled: $WHAT${PROFILE_NAME:+, as '$PROFILE_NAME'}; $WARMUP_NOTE"
  echo "# JAVA_TOOL_OPTIONS: $DOCKER_JAVA_OPTS -XX:MaxRAM=512m ${PROFILE_EXTRA_OPTS:-}"
  echo
  grep -E 'Requests/sec|Latency  |99%|requests in|Non-2xx|Socket errors' "$WORK/wrk.txt" | sed 's/^/wrk: /'
  echo
  python3 "$BENCH_DIR/profile.py" cost "$WORK/wrk.txt" "$((TICKS_AFTER - TICKS_BEFORE))" "$WORK/threads.txt" "$LOAD_SECONDS"
  echo
  cat "$WORK/threads.txt"
  echo
  python3 "$BENCH_DIR/profile.py" samples "$WORK/samples.txt"
  echo
  echo "Memory after the load: VmRSS $((RSS_KB / 1024)) MiB, VmHWM $((HWM_KB / 1024)) MiB; the JVM's own account"
  echo "(Native Memory Tracking, committed MB, the largest areas):"
  python3 "$BENCH_DIR/profile.py" nmt "$WORK/nmt.txt"
} > "$RESULTS/profile$SUFFIX.txt"
cp "$WORK/profile.jfr" "$RESULTS/profile$SUFFIX.jfr"
cat "$RESULTS/profile$SUFFIX.txt"
