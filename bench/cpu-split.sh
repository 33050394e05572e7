#!/usr/bin/env bash
# CPU per request of the gateway and of the bare Spring Cloud Gateway at the same offered rate,
# and where it goes: the kernel, the JVM's own code (GC, JIT compiler), and the Java code by owner
# (issue 15: which cost remains, and why). Each run is a fresh JVM, so the spread between runs of
# one path (its JIT's luck) shows beside the difference between paths.
#
#   bench/cpu-split.sh                                  # ours, bare, bare, ours: about 10 minutes
#   SPLIT_PATHS="old new new old" SPLIT_JAR_OLD=/tmp/before.jar bench/cpu-split.sh   # a lever, A/B
#
# SPLIT_PATHS: runs in order, each ours (this build's jar), bare, old (SPLIT_JAR_OLD) or new
# (SPLIT_JAR_NEW, default this build's jar); ABBA orders keep a drifting box from favouring one.
# SPLIT_RATE (4000 req/s: below every path's saturation), SPLIT_SECONDS (20), SPLIT_WARM_MAX (120 s:
# wrk until two 10 s steps agree and the JIT's compiler threads are quiet, bench/lib.sh's warm),
# SPLIT_PERF (1: sample each run with perf; 0: /proc only).
#
# For each run: the JVM (the Dockerfile's JAVA_TOOL_OPTIONS with a 512 MiB container's heap, plus
# -XX:+PreserveFramePointer and a perf map of its compiled code written at exit), warmed up, then
# bench/java/.../OpenLoad.java at SPLIT_RATE for SPLIT_SECONDS (after 2 s unrecorded) while /proc
# gives the process's user and system CPU time and its write calls, and `perf record -e cpu-clock -g`
# samples all its threads, kernel frames included. bench/cpu_split.py sums the samples by owner
# (µs per request = share of samples x the run's CPU per request). Writes
# bench/results/cpu-split.md and cpu-split.json. Loopback only, ports 18081 and 18200-18211.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
RESULTS="$BENCH_DIR/results"
source "$BENCH_DIR/lib.sh"

SPLIT_PATHS=${SPLIT_PATHS:-ours bare bare ours}
SPLIT_RATE=${SPLIT_RATE:-4000}
SPLIT_SECONDS=${SPLIT_SECONDS:-20}
SPLIT_WARM_MAX=${SPLIT_WARM_MAX:-120}
SPLIT_PERF=${SPLIT_PERF:-1}
UPSTREAM_PORT=18081
OURS_PORT=18200
OURS_MGMT=18201
BARE_PORT=18210
BARE_MGMT=18211
USER_AGENT='ChatWork/5.3.1 (iOS 17.4.1; iPhone15,2)'

for tool in nginx wrk curl python3 javac; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is needed (bench/run.sh installs nginx and wrk)"
done
[ "$SPLIT_PERF" = 0 ] || command -v perf >/dev/null 2>&1 || die "perf is needed (or SPLIT_PERF=0)"

cd "$REPO"
JAR=$(find target -maxdepth 1 -name 'acl-gateway-*.jar' 2>/dev/null | sort | head -n 1)
if [ -z "$JAR" ]; then
  ./mvnw -B -q -DskipTests package
  JAR=$(find target -maxdepth 1 -name 'acl-gateway-*.jar' | sort | head -n 1)
fi
JAR="$REPO/$JAR"
SPLIT_JAR_NEW=${SPLIT_JAR_NEW:-$JAR}
JAVA_BIN="$("$REPO/.ci/image-java.sh")/bin/java"
DOCKER_JAVA_OPTS=$(sed -n 's/^ENV JAVA_TOOL_OPTIONS="\(.*\)"[[:space:]]*$/\1/p' Dockerfile | head -n 1)
JVM_OPTS="$DOCKER_JAVA_OPTS -XX:MaxRAM=512m -XX:+PreserveFramePointer -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit"

WORK=$(mktemp -d /tmp/acl-cpu-split.XXXXXX)
./mvnw -B -q -o dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$WORK/runtime.cp" > /dev/null 2>&1 \
  || ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$WORK/runtime.cp" > /dev/null
mkdir -p "$WORK/classes"
javac -nowarn -d "$WORK/classes" -cp "$(cat "$WORK/runtime.cp")" \
  "$BENCH_DIR/java/io/aclgateway/bench/OpenLoad.java" "$BENCH_DIR/java/io/aclgateway/bench/BareGateway.java"
ports_free $UPSTREAM_PORT $OURS_PORT $OURS_MGMT $BARE_PORT $BARE_MGMT

mkdir -p "$WORK/nginx-upstream"
nginx -c "$BENCH_DIR/nginx/upstream.conf" -p "$WORK/nginx-upstream" -e "$WORK/nginx-upstream/error.log" &
started $!
wait_port $UPSTREAM_PORT "the tiny upstream"

# start_path KIND: starts one JVM path; sets PID, PORT, MGMT.
start_path() {
  local kind=$1 jar
  case $kind in
    ours | old | new)
      case $kind in old) jar=${SPLIT_JAR_OLD:?SPLIT_JAR_OLD names the jar of the old path} ;; new) jar=$SPLIT_JAR_NEW ;; *) jar=$JAR ;; esac
      env ACL_FALCON_URI="http://127.0.0.1:$UPSTREAM_PORT" ACL_LEGACY_URI="http://127.0.0.1:$UPSTREAM_PORT" \
        ACL_ROUTING_FILE="$REPO/config/routing.yml" SERVER_PORT=$OURS_PORT MANAGEMENT_SERVER_PORT=$OURS_MGMT \
        ACL_EVENTS_QUEUE_URL="http://127.0.0.1:18299/000000000000/unused.fifo" ACL_SQS_ENDPOINT="http://127.0.0.1:18299" \
        ACL_EVENTS_SIGNING_SECRETS=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=x \
        AWS_SECRET_ACCESS_KEY=x JAVA_TOOL_OPTIONS="$JVM_OPTS" \
        "$JAVA_BIN" --enable-native-access=ALL-UNNAMED -jar "$jar" > "$WORK/gateway-$kind-$RUN.log" 2>&1 &
      PID=$!
      PORT=$OURS_PORT
      MGMT=$OURS_MGMT
      ;;
    bare)
      env JAVA_TOOL_OPTIONS="$JVM_OPTS" "$JAVA_BIN" -cp "$WORK/classes:$(cat "$WORK/runtime.cp")" \
        $(bare_gateway_settings $BARE_PORT $BARE_MGMT "http://127.0.0.1:$UPSTREAM_PORT") \
        io.aclgateway.bench.BareGateway > "$WORK/gateway-bare-$RUN.log" 2>&1 &
      PID=$!
      PORT=$BARE_PORT
      MGMT=$BARE_MGMT
      ;;
    *) die "SPLIT_PATHS holds ours, bare, old or new, not $kind" ;;
  esac
  started "$PID"
  wait_ready "$MGMT" "$PID"
}
# stop_and_wait PID: stops a JVM and waits (at most 20 s) for it to exit.
stop_and_wait() {
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 1 200); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.1
  done
}
# proc_counts PID: user ticks, system ticks, write calls so far.
proc_counts() { echo "$(awk '{print $14, $15}' "/proc/$1/stat") $(awk '/^syscw/ {print $2}' "/proc/$1/io")"; }

log "runs: $SPLIT_PATHS at $SPLIT_RATE req/s for ${SPLIT_SECONDS}s each; load average $(cut -d' ' -f1-3 /proc/loadavg)"
RUN=0
: > "$WORK/runs.jsonl"
for kind in $SPLIT_PATHS; do
  RUN=$((RUN + 1))
  start_path "$kind"
  read -r warmed steady < <(WARM_PID=$PID warm "http://127.0.0.1:$PORT/v1/rooms" 30 "$SPLIT_WARM_MAX" -H "User-Agent: $USER_AGENT")
  log "run $RUN ($kind, pid $PID): warm after ${warmed}s at $steady req/s (closed loop)"
  read -r u0 s0 w0 < <(proc_counts "$PID")
  PERF_PID=""
  if [ "$SPLIT_PERF" = 1 ]; then
    perf record -q -o "$WORK/run-$RUN.perf" -e cpu-clock -F 999 -g -p "$PID" -- sleep $((SPLIT_SECONDS + 3)) \
      2> "$WORK/run-$RUN.perf.log" &
    PERF_PID=$!
  fi
  "$JAVA_BIN" -XX:+UseSerialGC -Xms128m -Xmx128m -cp "$WORK/classes:$(cat "$WORK/runtime.cp")" io.aclgateway.bench.OpenLoad \
    path=/v1/rooms user-agent="$USER_AGENT" connections=256 warm=2 seconds="$SPLIT_SECONDS" timeout=5 prewarm=1 \
    "run=$kind:$PORT:$SPLIT_RATE:$RUN" > "$WORK/openload-$RUN.txt" 2>&1 || die "the open-loop load failed (see $WORK/openload-$RUN.txt)"
  read -r u1 s1 w1 < <(proc_counts "$PID")
  [ -z "$PERF_PID" ] || wait "$PERF_PID" || true
  # The perf map is written when the JVM exits: stopped before its samples are read.
  stop_and_wait "$PID"
  python3 - "$kind" "$RUN" "$PID" "$u0" "$s0" "$w0" "$u1" "$s1" "$w1" "$(getconf CLK_TCK)" "$warmed" "$steady" \
    "$WORK/openload-$RUN.txt" >> "$WORK/runs.jsonl" <<'EOF'
import json, sys
kind, run, pid, u0, s0, w0, u1, s1, w1, clk, warmed, steady, out = sys.argv[1:]
load = next(json.loads(l[9:]) for l in open(out) if l.startswith("OPENLOOP "))
# Every answer of the run, its 2 unrecorded seconds included, as the CPU counts cover them too.
answers = load["achieved_rps"] * (load["seconds"] + 2)
us = lambda a, b: (int(b) - int(a)) * 1e6 / int(clk) / answers
print(json.dumps({"kind": kind, "run": int(run), "pid": int(pid), "user_us": round(us(u0, u1), 1),
                  "sys_us": round(us(s0, s1), 1), "writes_per_request": round((int(w1) - int(w0)) / answers, 2),
                  "warm_s": int(warmed), "warm_rps": int(steady), "load": load}))
EOF
  tail -n 1 "$WORK/runs.jsonl" | python3 -c 'import json,sys; d=json.load(sys.stdin); print("  %s: user %.1f + system %.1f us/request, p50 %.2f p99 %.2f ms" % (d["kind"], d["user_us"], d["sys_us"], d["load"]["p50_ms"], d["load"]["p99_ms"]))' >&2
done

log "summing the samples (bench/cpu_split.py)"
mkdir -p "$RESULTS"
python3 "$BENCH_DIR/cpu_split.py" "$WORK" "$SPLIT_PERF" "$(git log -1 --format='%h %s' | cut -c1-100)" \
  "$RESULTS/cpu-split.md" "$RESULTS/cpu-split.json"
log "wrote bench/results/cpu-split.md and cpu-split.json"
