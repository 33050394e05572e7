#!/usr/bin/env bash
# JMH benchmarks of the gateway's hot pure functions (classification, rule matching, translation).
#
#   bench/jmh/run.sh                  # brief: -f1 -wi 2 -i 3 -w 1s -r 1s, about 1 minute
#   bench/jmh/run.sh -f 2 -wi 5 -i 10 # any JMH options instead (then also a benchmark regex if wanted)
#
# Builds the gateway if target/classes is missing, resolves JMH 1.37 through bench/jmh/pom.xml,
# compiles the benchmarks with javac against the gateway's classes and runtime classpath, runs them,
# and writes bench/results/jmh.json (JMH's JSON) and bench/results/jmh.txt (its summary table).
set -euo pipefail

JMH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$JMH_DIR/../.." && pwd)
RESULTS="$REPO/bench/results"
cd "$REPO"

command -v javac >/dev/null || { echo "a JDK 17+ (javac) is needed" >&2; exit 1; }
if [ "${BUILD:-}" = always ] || [ ! -f target/classes/io/aclgateway/routing/rules/RoutingRules.class ]; then
  echo "[jmh] building the gateway (./mvnw -B -q -DskipTests package)" >&2
  ./mvnw -B -q -DskipTests package
fi

WORK=$(mktemp -d /tmp/acl-jmh.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
echo "[jmh] resolving classpaths" >&2
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$WORK/gateway.cp" >/dev/null
./mvnw -B -q -f "$JMH_DIR/pom.xml" dependency:build-classpath -Dmdep.outputFile="$WORK/jmh.cp" >/dev/null
CP="$REPO/target/classes:$(cat "$WORK/gateway.cp"):$(cat "$WORK/jmh.cp")"

echo "[jmh] compiling the benchmarks" >&2
mkdir -p "$WORK/classes"
javac -nowarn -d "$WORK/classes" -cp "$CP" -processorpath "$(cat "$WORK/jmh.cp")" \
  $(find "$JMH_DIR/src/main/java" -name '*.java')

if [ $# -eq 0 ]; then
  set -- -f 1 -wi 2 -i 3 -w 1s -r 1s
fi
mkdir -p "$RESULTS"
echo "[jmh] running: $*" >&2
java -cp "$WORK/classes:$CP" -Dacl.bench.routing-file="$REPO/config/routing.yml" org.openjdk.jmh.Main \
  -jvmArgsAppend "-Dacl.bench.routing-file=$REPO/config/routing.yml" \
  -rf json -rff "$RESULTS/jmh.json" "$@" | tee "$WORK/jmh.out"
sed -n '/^Benchmark /,$p' "$WORK/jmh.out" > "$RESULTS/jmh.txt"
echo "[jmh] results: $RESULTS/jmh.json, $RESULTS/jmh.txt" >&2
