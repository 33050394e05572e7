# Shared by the bench scripts that source it (bench/shadow.sh): logging, the processes a script
# starts (all stopped on exit, whatever happens), loopback ports, the gateway's jar laid out as the
# image holds it, and wrk rounds. The sourcing script sets BENCH_DIR and REPO first.

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
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
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

# need_tools TOOL...: installs Debian's packages for missing tools when root (as bench/run.sh does).
need_tools() {
  local missing=() tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing ${missing[*]} with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    die "missing ${missing[*]}: install Debian's packages first (sudo apt-get install -y ${missing[*]})"
  fi
}

# --- ports ----------------------------------------------------------------------------------------
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
ports_free() {
  local port
  for port in "$@"; do
    port_open "$port" && die "port $port on 127.0.0.1 is taken: stop what listens there, or another bench run"
  done
  return 0
}
wait_port() {
  local port=$1 what=$2
  for _ in $(seq 1 100); do
    port_open "$port" && return 0
    sleep 0.1
  done
  die "$what did not listen on $port"
}

# --- the gateway's jar, laid out as the image holds it ---------------------------------------------
# Sets JAR, APP_DIR, GW_JAVA_OPTS (the Dockerfile's JAVA_TOOL_OPTIONS for a CONTAINER_MEMORY
# container) and ENTRYPOINT; needs WORK.
prepare_image() {
  cd "$REPO"
  local jar
  jar=$(find target -maxdepth 1 -name 'acl-gateway-*.jar' 2>/dev/null | sort | head -n 1)
  if [ "${BUILD:-}" = always ] || [ -z "$jar" ]; then
    log "building the gateway (./mvnw -B -q -DskipTests package)"
    ./mvnw -B -q ${MVN_FLAGS:-} -DskipTests package
    jar=$(find target -maxdepth 1 -name 'acl-gateway-*.jar' | sort | head -n 1)
  fi
  JAR="$REPO/$jar"
  [ -f "$JAR" ] || die "no target/acl-gateway-*.jar after the build"
  log "laying out the image (layers, ahead-of-time cache training) with .ci/image-layout.sh"
  local layout
  layout=$("$REPO/.ci/image-layout.sh" "$JAR" "$WORK/image" 2> "$WORK/image-layout.log") \
    || die "the image layout failed (see $WORK/image-layout.log)"
  APP_DIR="$WORK/image/app"
  GW_JAVA_OPTS="$(sed -n 's/^JAVA_TOOL_OPTIONS=//p' <<<"$layout") -XX:MaxRAM=${CONTAINER_MEMORY:-512m}${GATEWAY_EXTRA_OPTS:+ $GATEWAY_EXTRA_OPTS}"
  read -r -a ENTRYPOINT <<<"$(sed -n 's/^ENTRYPOINT=//p' <<<"$layout")"
  # The image's Java (a local JDK of its major version): the ENTRYPOINT's `java` is that one, and
  # so is every other JVM path measured beside the gateway (IMAGE_JAVA), so that all run alike.
  export IMAGE_JAVA="$(sed -n 's/^JAVA_HOME=//p' <<<"$layout")/bin/java"
  [ -x "$IMAGE_JAVA" ] || die "no java of the image's version (image-layout said: $IMAGE_JAVA)"
  [ "${ENTRYPOINT[0]}" = java ] && ENTRYPOINT[0]=$IMAGE_JAVA
  return 0
}

# start_gateway NAME LOG ENV...: starts the laid-out gateway with these environment settings in
# the background and sets GW_PID.
start_gateway() {
  local name=$1
  shift
  env "$@" JAVA_TOOL_OPTIONS="$GW_JAVA_OPTS" \
    bash -c 'cd "$0" && exec "$@"' "$APP_DIR" "${ENTRYPOINT[@]}" > "$WORK/gateway-$name.log" 2>&1 &
  GW_PID=$!
  started "$GW_PID"
}

# wait_ready MGMT_PORT PID: waits (at most 120 s) for readiness UP; fails with the log's tail when
# the process died.
wait_ready() {
  local mgmt=$1 pid=$2
  for _ in $(seq 1 2400); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$WORK"/gateway-*.log >&2 || true
      die "the gateway (pid $pid) exited before it was ready (see $WORK/gateway-*.log)"
    fi
    if curl -sf "http://127.0.0.1:$mgmt/actuator/health/readiness" 2>/dev/null | grep -q '"status":"UP"'; then
      return 0
    fi
    sleep 0.05
  done
  die "the gateway was not ready in 120 s"
}

# run_wrk URL SECONDS [wrk options...]: prints wrk's one JSON line (bench/wrk/report.lua).
run_wrk() {
  local url=$1 seconds=$2
  shift 2
  local out
  out="$WORK/wrk-$(date +%s%N).txt"
  wrk -t"${WRK_THREADS:-2}" -c"${WRK_CONNECTIONS:-32}" -d"${seconds}s" --latency --timeout 10s \
    -s "$BENCH_DIR/wrk/report.lua" "$@" "$url" > "$out" 2>&1 || die "wrk failed (see $out)"
  grep '^BENCH ' "$out" | cut -c7-
}

# warm URL MIN MAX [wrk options...]: wrk in 10 s chunks until two chunks in a row are within 5 % of
# each other AND within 5 % of the best chunk seen (a JIT on a low plateau it later leaves is not
# steady), after at least MIN s, at most MAX s. Prints the seconds it took and the last chunk's
# req/s; with WARM_STEPS set, appends each chunk's "SECONDS RPS" to that file (the curve).
# With WARM_PID set (a JVM), a step also counts as steady only when that JVM's JIT compiler threads
# used under WARM_JIT_QUIET (3) % of one core in it: a JIT still compiling is not steady, however flat
# the rate (issue 15: a run stopped ours after 60 s at 5,769 req/s, whose rounds then ran at 9,622).
jit_ticks() {
  local pid=$1 task total=0 comm
  for task in /proc/"$pid"/task/*; do
    comm=$(cat "$task/comm" 2>/dev/null) || continue
    case $comm in
      C1\ CompilerThre* | C2\ CompilerThre*)
        total=$((total + $(awk '{ print $14 + $15 }' "$task/stat" 2>/dev/null || echo 0))) ;;
    esac
  done
  echo "$total"
}
warm() {
  local url=$1 min=$2 max=$3
  shift 3
  local elapsed=0 previous=0 best=0 rps jit0=0 jit_quiet=1
  while :; do
    [ -n "${WARM_PID:-}" ] && jit0=$(jit_ticks "$WARM_PID")
    rps=$(run_wrk "$url" 10 "$@" | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["rps"]))')
    elapsed=$((elapsed + 10))
    if [ -n "${WARM_PID:-}" ]; then
      # ticks are 1/100 s: over a 10 s step, N ticks = N/10 % of one core
      jit_quiet=$(( ($(jit_ticks "$WARM_PID") - jit0) < ${WARM_JIT_QUIET:-3} * 10 ? 1 : 0 ))
    fi
    [ -n "${WARM_STEPS:-}" ] && echo "$elapsed $rps" >> "$WARM_STEPS"
    [ "$rps" -gt "$best" ] && best=$rps
    if [ "$elapsed" -ge "$min" ] && [ "$previous" -gt 0 ] && [ "$jit_quiet" = 1 ] \
      && [ $(( (rps > previous ? rps - previous : previous - rps) * 100 )) -le $(( 5 * previous )) ] \
      && [ $(( (best - rps) * 100 )) -le $(( 5 * best )) ]; then
      break
    fi
    [ "$elapsed" -ge "$max" ] && break
    previous=$rps
  done
  echo "$elapsed $rps"
}

# bare_gateway_settings PORT MGMT_PORT UPSTREAM_URI: the system properties that start the bare Spring
# Cloud Gateway (bench/java/io/aclgateway/bench/BareGateway.java) with bench/bare-gateway.properties
# as its only configuration file, in front of UPSTREAM_URI.
bare_gateway_settings() {
  echo "-Dspring.config.location=file:$BENCH_DIR/bare-gateway.properties -Dserver.port=$1 -Dmanagement.server.port=$2 -Dbench.upstream=$3"
}

# cpu_ticks PID: user+system clock ticks of a process so far (/proc/PID/stat).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
