#!/usr/bin/env bash
# Checks the Maven build itself, after `./mvnw -B verify` (which already ran the enforcer rules in
# validate and dependency:analyze-only in verify):
#
#   1. the wrapper: maven-wrapper.properties pins the distribution's SHA-256, a fresh download
#      through ./mvnw passes it, and the pom's maven.required.version is the wrapper's Maven;
#   2. the enforcer rules bite: a Jackson 2 dependency, an unsettled version divergence and too old
#      a Maven each FAIL validate, for the expected rule;
#   3. surefire and failsafe start their argLine with @{argLine}, and ArchitectureRulesTests ran
#      (ArchUnit on the JUnit platform in use: its test count is not 0);
#   4. the build is reproducible: the jar built again from a copy of the sources in another
#      directory is byte-identical to target/'s; otherwise the differing entries are listed.
#
# Prints one summary line on success, the failing output otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
  echo "build-hygiene.sh: $*" >&2
  exit 1
}

# --- 1. the wrapper --------------------------------------------------------------------------
props=.mvn/wrapper/maven-wrapper.properties
prop() { sed -n "s/^$1=//p" "$props" | tr -d '[:space:]'; }
url=$(prop distributionUrl)
sum=$(prop distributionSha256Sum)
[[ "$sum" =~ ^[0-9a-f]{64}$ ]] || fail "$props: no distributionSha256Sum (64 hex digits)"
[ "$(prop distributionType)" = only-script ] \
  || fail "$props: distributionType is not only-script (a wrapper jar would need wrapperSha256Sum too)"
wrapper_maven=$(sed -E 's|.*/apache-maven-([^/]+)-bin\.zip$|\1|' <<<"$url")
pom_maven=$(sed -n 's|.*<maven.required.version>\(.*\)</maven.required.version>.*|\1|p' pom.xml)
[ "$wrapper_maven" = "$pom_maven" ] \
  || fail "the wrapper downloads Maven $wrapper_maven but pom.xml requires maven.required.version $pom_maven"
# The wrapper checks the sum only when it downloads: download into an empty MAVEN_USER_HOME.
if ! out=$(MAVEN_USER_HOME="$work/m2" ./mvnw -v 2>&1); then
  echo "$out" >&2
  fail "./mvnw rejected the distribution: distributionSha256Sum does not match $url"
fi
grep -q "Apache Maven $wrapper_maven" <<<"$out" || { echo "$out" >&2; fail "./mvnw -v did not run Maven $wrapper_maven"; }

# --- 2. the enforcer rules reject what they should -------------------------------------------
negatives=0
must_fail_validate() { # must_fail_validate "WHY" "EXPECTED TEXT" POM [maven args...]
  local why=$1 expected=$2 pom=$3
  shift 3
  local out
  if out=$(./mvnw -B -f "$pom" validate "$@" 2>&1); then
    fail "validate passed, but must fail: $why"
  fi
  grep -qF -- "$expected" <<<"$out" || { echo "$out" | grep -E 'ERROR|WARN' >&2; fail "validate failed for another reason than expected: $why"; }
  negatives=$((negatives + 1))
}
broken_pom() { # broken_pom NAME PYTHON-EXPRESSION-ON-s: a changed copy of pom.xml, printed path
  mkdir -p "$work/$1"
  python3 - "$work/$1/pom.xml" "$2" <<'PY' || fail "could not edit pom.xml for $1"
import sys
s = open("pom.xml").read()
t = eval(sys.argv[2])
if t == s:
    sys.exit("the edit changed nothing")
open(sys.argv[1], "w").write(t)
PY
  echo "$work/$1/pom.xml"
}
jackson2=$(broken_pom jackson2 's.replace("\n  <dependencies>\n", "\n  <dependencies>\n    <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId></dependency>\n", 1)')
diverging=$(broken_pom diverging 's.replace("<artifactId>scala-library</artifactId>", "<artifactId>scala-library-unpinned</artifactId>", 1)')
must_fail_validate "Jackson 2 on the classpath"         "BannedDependencies failed"     "$jackson2"
must_fail_validate "scala-library versions diverge"     "DependencyConvergence failed"  "$diverging"
must_fail_validate "a Maven older than the required one" "RequireMavenVersion failed"   pom.xml -Dmaven.required.version=99.0.0

# --- 3. argLine and the ArchUnit tests --------------------------------------------------------
[ "$(grep -c '<argLine>@{argLine} ' pom.xml)" -ge 2 ] && [ "$(grep -c '<argLine>' pom.xml)" -eq "$(grep -c '<argLine>@{argLine} ' pom.xml)" ] \
  || fail "every surefire and failsafe argLine must start with @{argLine} (an agent added later)"
report=target/surefire-reports/TEST-io.aclgateway.architecture.ArchitectureRulesTests.xml
[ -f "$report" ] || fail "no $report: run ./mvnw -B verify first; ArchitectureRulesTests did not run"
declared=$(grep -c '@Test' src/test/java/io/aclgateway/architecture/ArchitectureRulesTests.java)
ran=$(sed -n 's/.*<testsuite [^>]*tests="\([0-9]*\)".*/\1/p' "$report" | head -1)
[ "${ran:-0}" -gt 0 ] && [ "$ran" -eq "$declared" ] \
  || fail "ArchitectureRulesTests ran ${ran:-0} test(s), the class declares $declared"

# --- 4. reproducible jar ----------------------------------------------------------------------
jar=$(ls target/acl-gateway-*.jar 2>/dev/null | grep -v -- '-plain.jar$' | head -1)
[ -n "$jar" ] || fail "no target/acl-gateway-*.jar: run ./mvnw -B verify first"
copy="$work/copy"
mkdir -p "$copy"
tar --exclude=./target --exclude=./.git --exclude=node_modules -cf - . | tar -xf - -C "$copy"
[ -e .git ] && cp -a .git "$copy/.git" # git information, if the build records any, stays the same
if ! (cd "$copy" && ./mvnw -B -q package -DskipTests >"$work/rebuild.log" 2>&1); then
  tail -40 "$work/rebuild.log" >&2
  fail "the rebuild in $copy failed"
fi
again="$copy/target/$(basename "$jar")"
if ! cmp -s "$jar" "$again"; then
  python3 - "$jar" "$again" <<'PY' >&2
import sys, zipfile
a, b = (zipfile.ZipFile(p) for p in sys.argv[1:3])
ia = {i.filename: i for i in a.infolist()}
ib = {i.filename: i for i in b.infolist()}
lines = []
for name in sorted(set(ia) | set(ib)):
    x, y = ia.get(name), ib.get(name)
    if x is None or y is None:
        lines.append(f"only in {'the rebuild' if x is None else 'target/'}: {name}")
    elif (x.CRC, x.date_time, x.external_attr) != (y.CRC, y.date_time, y.external_attr):
        lines.append(f"differs: {name} (crc {x.CRC:08x}/{y.CRC:08x}, time {x.date_time}/{y.date_time})")
if not lines:
    lines.append("same entries, contents and times: the zip's own layout differs (entry order, extra fields)")
print("\n".join(lines[:30]))
if len(lines) > 30:
    print(f"... and {len(lines) - 30} more")
PY
  fail "the jar is not reproducible: $jar and its rebuild differ (entries above)"
fi
jar_sum=$(sha256sum "$jar" | cut -c1-12)

echo "build-hygiene.sh: wrapper Maven $wrapper_maven sha256 ok, $negatives enforcer cases rejected, argLine ok, ArchitectureRulesTests ran $ran, jar reproducible ($(basename "$jar") sha256 $jar_sum...)"
