#!/usr/bin/env bash
# Where the gateway's CPU goes on the routing path: a JFR recording of one gateway under the
# bench's routing load, summed up by what the sampled stacks pass through.
#
#   bench/profile.sh                                   # about 2.5 minutes
#   PROFILE_EXTRA_OPTS='-Dmanagement.tracing.enabled=false' bench/profile.sh   # try a lever
#
# Starts the tiny upstream (bench/nginx/upstream.conf) and one gateway in front of it (the
# Dockerfile's JAVA_TOOL_OPTIONS, a 512 MiB container's heap, JFR from the start with stacks up to
# 256 frames, Native
# Memory Tracking), warms it
# up with wrk (WARMUP_GATEWAY s, 80: its JIT needs about a minute of load), then, during LOAD_SECONDS (20) of the same wrk load as
# bench/run.sh: records JFR (settings=profile) and each thread's CPU time from /proc; then the
# JVM's memory by area (NMT). Writes
# bench/results/profile.txt (and keeps the .jfr there as profile.jfr, not committed). Needs the
# ports of run.sh free, so not while it runs. Loopback only; stops what it started.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
RESULTS="$BENCH_DIR/results"
WARMUP_GATEWAY=${WARMUP_GATEWAY:-80}
LOAD_SECONDS=${LOAD_SECONDS:-20}
UPSTREAM_PORT=18081
GW_PORT=18090
GW_MGMT=18091
USER_AGENT='ChatWork/5.3.1 (iOS 17.4.1; iPhone15,2)'

for tool in nginx wrk curl python3 jcmd jfr; do
  command -v "$tool" >/dev/null 2>&1 || { echo "profile: $tool is needed (bench/run.sh installs nginx and wrk; jcmd and jfr come with the JDK)" >&2; exit 1; }
done
cd "$REPO"
jar=$(find target -maxdepth 1 -name 'acl-gateway-*.jar' | sort | head -n 1)
if [ -z "$jar" ]; then
  ./mvnw -B -q -DskipTests package
  jar=$(find target -maxdepth 1 -name 'acl-gateway-*.jar' | sort | head -n 1)
fi
DOCKER_JAVA_OPTS=$(sed -n 's/^ENV JAVA_TOOL_OPTIONS="\(.*\)"[[:space:]]*$/\1/p' Dockerfile | head -n 1)
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

mkdir -p "$WORK/nginx"
nginx -c "$BENCH_DIR/nginx/upstream.conf" -p "$WORK/nginx" -e "$WORK/nginx/error.log" &
PIDS+=($!)
env ACL_FALCON_URI="http://127.0.0.1:$UPSTREAM_PORT" ACL_LEGACY_URI="http://127.0.0.1:$UPSTREAM_PORT" \
  ACL_ROUTING_FILE="$REPO/config/routing.yml" SERVER_PORT=$GW_PORT MANAGEMENT_SERVER_PORT=$GW_MGMT \
  JAVA_TOOL_OPTIONS="$DOCKER_JAVA_OPTS -XX:MaxRAM=512m -XX:FlightRecorderOptions:stackdepth=256 -XX:StartFlightRecording:name=bench,settings=profile -XX:NativeMemoryTracking=summary ${PROFILE_EXTRA_OPTS:-}" \
  java -jar "$jar" > "$WORK/gateway.log" 2>&1 &
GW_PID=$!
PIDS+=("$GW_PID")
for _ in $(seq 1 2400); do
  curl -sf "http://127.0.0.1:$GW_MGMT/actuator/health/readiness" 2>/dev/null | grep -q UP && break
  kill -0 "$GW_PID" 2>/dev/null || { cat "$WORK/gateway.log" >&2; exit 1; }
  sleep 0.05
done

echo "profile: warm-up ${WARMUP_GATEWAY}s" >&2
wrk -t2 -c32 -d"${WARMUP_GATEWAY}s" -H "User-Agent: $USER_AGENT" "http://127.0.0.1:$GW_PORT/v1/rooms" > /dev/null
echo "profile: recording ${LOAD_SECONDS}s under load" >&2
# The recording runs from the JVM's start (starting one later would re-instrument JDK classes and
# throw compiled code away); only the measured window is dumped.
python3 "$BENCH_DIR/profile.py" threads "$GW_PID" "$LOAD_SECONDS" > "$WORK/threads.txt" &
THREADS_PID=$!
wrk -t2 -c32 -d"${LOAD_SECONDS}s" --latency -H "User-Agent: $USER_AGENT" "http://127.0.0.1:$GW_PORT/v1/rooms" > "$WORK/wrk.txt"
wait "$THREADS_PID"
jcmd "$GW_PID" JFR.dump name=bench begin="-${LOAD_SECONDS}s" filename="$WORK/profile.jfr" > /dev/null
jcmd "$GW_PID" VM.native_memory summary scale=MB > "$WORK/nmt.txt" 2>&1 || true
RSS_KB=$(awk '/^VmRSS:/ {print $2}' /proc/"$GW_PID"/status)
HWM_KB=$(awk '/^VmHWM:/ {print $2}' /proc/"$GW_PID"/status)
mkdir -p "$RESULTS"
jfr print --events jdk.ExecutionSample --stack-depth 256 "$WORK/profile.jfr" > "$WORK/samples.txt"
{
  echo "# bench/profile.sh $(date -u +%Y-%m-%dT%H:%M:%SZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# gateway JAVA_TOOL_OPTIONS: $DOCKER_JAVA_OPTS -XX:MaxRAM=512m ${PROFILE_EXTRA_OPTS:-}"
  echo
  grep -E 'Requests/sec|Latency  |99%' "$WORK/wrk.txt" | sed 's/^/wrk: /'
  echo
  cat "$WORK/threads.txt"
  echo
  python3 "$BENCH_DIR/profile.py" samples "$WORK/samples.txt"
  echo
  echo "Memory after the load: VmRSS $((RSS_KB / 1024)) MiB, VmHWM $((HWM_KB / 1024)) MiB; the JVM's own account"
  echo "(Native Memory Tracking, committed MB, the largest areas):"
  python3 "$BENCH_DIR/profile.py" nmt "$WORK/nmt.txt"
} > "$RESULTS/profile.txt"
cp "$WORK/profile.jfr" "$RESULTS/profile.jfr"
cat "$RESULTS/profile.txt"
