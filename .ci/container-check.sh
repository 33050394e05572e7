#!/usr/bin/env bash
# Runs what the container image runs, without a Docker engine: the jar built by `./mvnw verify`
# is laid out as the image holds it (image-layout.sh: layers, routing file, class data sharing
# training, all from the Dockerfile's own lines), and the Dockerfile's ENV JAVA_TOOL_OPTIONS and
# ENTRYPOINT are started there, as the image's non-root user. The check passes when the gateway reports
# ready with its ahead-of-time cache (or class data sharing archive) mapped, answers a client, and exits 0 on SIGTERM.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=$(ls target/acl-gateway-*.jar | grep -v original | head -n 1)

# The Dockerfile itself: every base image pinned by digest, the OCI labels operators and scanners
# read, and the jar it ships is the one verify built and tested (copied from target/, never rebuilt).
unpinned=$(grep -E '^FROM ' Dockerfile | grep -v '@sha256:[0-9a-f]\{64\}' || true)
[ -z "$unpinned" ] || { echo "container-check: base image not pinned by digest: $unpinned"; exit 1; }
for label in title version revision source base.name base.digest; do
  grep -q "org.opencontainers.image.$label=" Dockerfile \
    || { echo "container-check: the Dockerfile has no org.opencontainers.image.$label label"; exit 1; }
done
grep -qE '^COPY target/acl-gateway-\*\.jar ' Dockerfile && ! grep -qE '^RUN .*mvnw' Dockerfile \
  || { echo "container-check: the image must ship the jar verify tested (COPY target/acl-gateway-*.jar), not build its own"; exit 1; }
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
pid=

# The image's /app, laid out and trained as the Dockerfile says.
layout=$(.ci/image-layout.sh "$jar" "$work")
# The image's Java (its major version, from a local JDK) is the one every java here runs.
export PATH="$(sed -n 's/^JAVA_HOME=//p' <<<"$layout")/bin:$PATH"
java_tool_options=$(sed -n 's/^JAVA_TOOL_OPTIONS=//p' <<<"$layout")
entrypoint=$(sed -n 's/^ENTRYPOINT=//p' <<<"$layout")

# The image runs as uid 10001; do the same where we can switch users (CI runs as root).
as_user=()
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  as_user=(setpriv --reuid=10001 --regid=10001 --clear-groups)
fi

# The routing file check runs from the image too (scripts/validate-routing on the image's app.jar and
# libraries), with the image's JAVA_TOOL_OPTIONS: the image's routing file is valid (exit 0), a broken
# one is refused with the gateway's 'field: reason' messages (exit 1).
validate() {
  ( cd "$work/app" && env JAVA_TOOL_OPTIONS="$java_tool_options" "${as_user[@]}" scripts/validate-routing "$@" ) 2>&1
}
printf 'mode: canary\nrules:\n  - name: a\n    target: blue\n' > "$work/invalid-routing.yml"
chmod a+r "$work/invalid-routing.yml"
valid_code=0
valid_out=$(validate config/routing.yml) || valid_code=$?
if [ "$valid_code" != 0 ] || ! grep -q 'config/routing.yml: valid, version [0-9a-f]\{16\}, [0-9]* rules' <<<"$valid_out"; then
  echo "container-check: scripts/validate-routing in the image: expected exit 0 and the version for config/routing.yml, got $valid_code:"
  echo "$valid_out"
  exit 1
fi
invalid_code=0
invalid_out=$(validate "$work/invalid-routing.yml") || invalid_code=$?
if [ "$invalid_code" != 1 ] || ! grep -qx "mode: 'canary' is not one of rules, legacy-only, falcon-only" <<<"$invalid_out" \
    || ! grep -qx "rules\[0\].target: 'blue' is not one of falcon, legacy" <<<"$invalid_out"; then
  echo "container-check: scripts/validate-routing in the image: expected exit 1 and every problem of a broken file, got $invalid_code:"
  echo "$invalid_out"
  exit 1
fi

port=18080
management=18081
start=$(date +%s%N)
(
  cd "$work/app"
  exec env JAVA_TOOL_OPTIONS="$java_tool_options" ACL_FALCON_URI=http://127.0.0.1:9 ACL_LEGACY_URI=http://127.0.0.1:9 \
    SERVER_PORT=$port MANAGEMENT_SERVER_PORT=$management "${as_user[@]}" $entrypoint
) > "$work/gateway.log" 2>&1 &
pid=$!

ready=
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$management/actuator/health/readiness" 2>/dev/null | grep -q '"UP"'; then
    ready=$(( ($(date +%s%N) - start) / 1000000 ))
    break
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.25
done
if [ -z "$ready" ]; then
  echo "container-check: the image's command did not become ready; its log:"
  tail -n 40 "$work/gateway.log"
  exit 1
fi

# The cache the training wrote is really used (the JVM silently starts without one it rejects).
archive=$(sed -n 's/^ENTRYPOINT .*-XX:\(SharedArchiveFile\|AOTCache\)=\([^"]*\)".*$/\2/p' Dockerfile)
if [ -n "$archive" ] && ! grep -q "$work/app/$archive" /proc/"$pid"/maps 2>/dev/null; then
  echo "container-check: the JVM did not map the ahead-of-time cache (or class data sharing archive) $archive; its log:"
  tail -n 20 "$work/gateway.log"
  exit 1
fi

# The image describes itself on the management port: the jar's version at /actuator/info and its
# CycloneDX SBOM at /actuator/sbom/application.
version=$(sed -n '/<artifactId>acl-gateway<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p;}' pom.xml)
info=$(curl -fsS "http://127.0.0.1:$management/actuator/info" || true)
grep -q "\"version\":\"$version\"" <<<"$info" \
  || { echo "container-check: /actuator/info does not show version $version: $info"; exit 1; }
sbom=$(curl -fsS "http://127.0.0.1:$management/actuator/sbom/application" || true)
grep -q '"bomFormat" *: *"CycloneDX"' <<<"$sbom" \
  || { echo "container-check: /actuator/sbom/application is not a CycloneDX SBOM: $(head -c 300 <<<"$sbom")"; exit 1; }

# A client request is routed (to legacy, which is down here: any HTTP answer from the gateway will do).
status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v1/rooms")
[ "$status" != 000 ] || { echo "container-check: the public port did not answer"; exit 1; }

kill -TERM "$pid"
code=0
wait "$pid" || code=$?
if [ "$code" != 0 ]; then
  echo "container-check: exit code $code after SIGTERM (expected 0); its log:"
  tail -n 20 "$work/gateway.log"
  exit 1
fi
echo "container-check: scripts/validate-routing in the image: exit 0 on config/routing.yml, exit 1 with every problem on a broken file"
echo "container-check: /actuator/info shows version $version, /actuator/sbom/application is CycloneDX"
echo "container-check: ready in ${ready} ms on Java $(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p') (cache: ${archive:-none}) as uid $( [ ${#as_user[@]} -gt 0 ] && echo 10001 || id -u ), public port answered $status, exit 0 on SIGTERM"
