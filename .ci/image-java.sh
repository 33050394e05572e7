#!/usr/bin/env bash
# Prints the home of a local JDK of the container image's Java major version (the major in the run
# stage's FROM tag, eclipse-temurin:NN-jre): the JDK on PATH when it is that version, else the first
# under /usr/lib/jvm. An ahead-of-time cache or class data sharing archive only loads into the JVM
# that wrote it, and the bench compares JVM paths on the image's runtime, so another major will not do.
# Used by image-layout.sh and bench/profile.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
major=$(grep -E '^FROM ' Dockerfile | tail -n 1 | sed -n 's/^FROM [^:]*:\([0-9][0-9]*\)[^0-9].*$/\1/p')
[ -n "$major" ] || { echo "image-java: no Java major version in the run stage's FROM tag" >&2; exit 1; }
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
on_path=$(command -v java || true)
for candidate in ${on_path:+"$(dirname "$(dirname "$(readlink -f "$on_path")")")"} /usr/lib/jvm/*; do
  if [ -x "$candidate/bin/java" ] && [ "$(java_major "$candidate")" = "$major" ]; then
    echo "$candidate"
    exit 0
  fi
done
echo "image-java: the image runs Java $major and no local JDK of that version was found (PATH, /usr/lib/jvm)" >&2
exit 1
