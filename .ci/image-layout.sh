#!/usr/bin/env bash
# Lays out what the container image holds, without a Docker engine, following the Dockerfile's own
# lines: the jar is split into Spring Boot's layers as the build stage does, the layers and the
# routing file are copied as the run stage's COPY lines say, and the class data sharing training
# is run there as its RUN line says, with its ENV JAVA_TOOL_OPTIONS. Used by container-check.sh and
# bench/run.sh, so that both run exactly what the image runs.
#
#   .ci/image-layout.sh JAR DEST     -> DEST/app is the image's /app
#
# Prints, on standard output, three lines for the caller to read: JAVA_HOME=... (a local JDK of the
# image's Java major version: the caller puts its bin first on PATH, so that the ENTRYPOINT's `java`
# is the image's), JAVA_TOOL_OPTIONS=... and ENTRYPOINT=... (the ENTRYPOINT's words, to run in DEST/app).
set -euo pipefail
cd "$(dirname "$0")/.."
jar=$1
dest=$2

# The Java of the image: a local JDK of its major version (image-java.sh).
java_home=$(.ci/image-java.sh)
export PATH="$java_home/bin:$PATH"

# The build stage: extract the layers with the jar's own tools mode.
extract=$(grep -o 'java -Djarmode=tools .*' Dockerfile | sed "s#-jar acl-gateway.jar#-jar $jar#; s#/layers#$dest/layers#")
[ -n "$extract" ] || { echo "image-layout: no 'java -Djarmode=tools' extraction in Dockerfile" >&2; exit 1; }
eval "$extract" >/dev/null

# The run stage: the same COPY lines, in the same order; the layers from the build stage, then the
# files from the build context (the routing file, scripts/validate-routing), relative to WORKDIR /app.
mkdir -p "$dest/app"
grep -E '^COPY --from=build /layers/' Dockerfile | while read -r _ _ layer _; do
  cp -a "$dest$layer." "$dest/app/"
done
run_stage_line=$(grep -n '^FROM ' Dockerfile | tail -n 1 | cut -d: -f1)
tail -n +"$run_stage_line" Dockerfile | grep -E '^COPY [^-]' | while read -r _ src target; do
  mkdir -p "$(dirname "$dest/app/$target")"
  cp -a "$src" "$dest/app/$target"
done

java_tool_options=$(sed -n 's/^ENV JAVA_TOOL_OPTIONS="\(.*\)"[[:space:]]*$/\1/p' Dockerfile | head -n 1)
[ -n "$java_tool_options" ] || { echo "image-layout: no ENV JAVA_TOOL_OPTIONS=\"...\" in Dockerfile" >&2; exit 1; }
# The training of the ahead-of-time cache (or class data sharing archive), as its RUN line says, with
# the ENV set before it.
training=$(sed -n 's/^RUN \(.*-XX:\(AOTCacheOutput\|ArchiveClassesAtExit\)=.*\)$/\1/p' Dockerfile)
[ -n "$training" ] || { echo "image-layout: no cache training (RUN ... -XX:AOTCacheOutput=... or -XX:ArchiveClassesAtExit=...) in Dockerfile" >&2; exit 1; }
( cd "$dest/app" && export JAVA_TOOL_OPTIONS="$java_tool_options" && eval "$training" ) \
  || { echo "image-layout: the cache training failed" >&2; exit 1; }
chmod -R a+rX "$dest"

entrypoint=$(sed -n 's/^ENTRYPOINT \[\(.*\)\]$/\1/p' Dockerfile | tr -d '",')
[ -n "$entrypoint" ] || { echo "image-layout: no ENTRYPOINT [...] in Dockerfile" >&2; exit 1; }
echo "JAVA_HOME=$java_home"
echo "JAVA_TOOL_OPTIONS=$java_tool_options"
echo "ENTRYPOINT=$entrypoint"
