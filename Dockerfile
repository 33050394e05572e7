# acl-gateway container image.
# Build, from a checkout where `./mvnw -B verify` (in CI: .ci/run) has just built and tested the jar:
#   docker build --build-arg VERSION=0.1.0-SNAPSHOT --build-arg REVISION=$(git rev-parse HEAD) \
#     --build-arg SOURCE=$(git remote get-url origin) -t acl-gateway .
# The image ships that jar, the one the tests ran against, never a second build made inside Docker;
# the jar already carries the commit for /actuator/info (git-commit-id-maven-plugin, at build time).
# What the final stage runs is started, exactly as written here, by .ci/container-check.sh.
#
# Base images are pinned by digest (the tag stays for people): the multi-platform index digests
# docker-library/repo-info published for eclipse-temurin:25-jre on 2026-09-09 (JDK 25.0.4+7,
# Ubuntu 26.04). No registry is reachable from the machine this was written on, so the digest was
# read from that record, not resolved by a pull; refresh it with
#   docker buildx imagetools inspect eclipse-temurin:25-jre --format '{{json .Manifest.Digest}}'
# (or let Renovate/Dependabot do it). Both stages use the JRE: unpacking the jar needs no compiler.
# The runtime is Java 25 while the code stays at the Java 17 language level: on 25 the gateway is
# ready sooner (an ahead-of-time cache of loaded and linked classes, JEP 483/514) and
# docs/performance.md ("Tuning") has the figures that moved it; .ci/image-layout.sh runs a local JDK
# of the image's major version, so that CI and the bench run what the image runs.

# --- layers: split the tested jar into Spring Boot's layers ----------------------------------
FROM eclipse-temurin:25-jre@sha256:15090d159279e5c158473eccb48cd87f57b3e3a47511a797eb5a7a7ea6f86b0f AS build
WORKDIR /src
COPY target/acl-gateway-*.jar acl-gateway.jar
RUN java -Djarmode=tools -jar acl-gateway.jar extract --layers --application-filename app.jar --destination /layers

# --- run: a slim JRE, non-root, Spring Boot's layers from least to most often changed -------
FROM eclipse-temurin:25-jre@sha256:15090d159279e5c158473eccb48cd87f57b3e3a47511a797eb5a7a7ea6f86b0f
ARG VERSION=unknown
ARG REVISION=unknown
ARG SOURCE=unknown
LABEL org.opencontainers.image.title="acl-gateway" \
      org.opencontainers.image.description="Anti-corruption layer between the legacy PHP API and Falcon: routing by app version, Falcon events to SQS" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.base.name="docker.io/library/eclipse-temurin:25-jre" \
      org.opencontainers.image.base.digest="sha256:15090d159279e5c158473eccb48cd87f57b3e3a47511a797eb5a7a7ea6f86b0f"
RUN groupadd --system --gid 10001 acl && useradd --system --uid 10001 --gid acl --no-create-home acl
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
# The example routing file as a default; in Kubernetes the chart mounts a ConfigMap elsewhere and
# points ACL_ROUTING_FILE at it (see helm/acl-gateway).
COPY config/routing.yml config/routing.yml
# The routing file check release managers run before a ConfigMap change, on this image's own jar:
#   docker run --rm -v "$PWD/routing.yml:/tmp/routing.yml:ro" --entrypoint scripts/validate-routing acl-gateway /tmp/routing.yml
COPY scripts/validate-routing scripts/validate-routing
# Container-aware heap, sized so that the whole process stays under 400 MiB in a 512 MiB container
# (heap 60 %, the rest for metaspace, code, threads and Netty's direct buffers; docs/performance.md);
# exit (and be restarted) rather than limp on after an OutOfMemoryError.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError -XX:+UseG1GC"
# Ahead-of-time cache (JEP 483/514): one training start (the context is refreshed, then the JVM exits)
# records the classes the gateway loads, already parsed and linked, into app.aot, with the same JVM
# flags; starting from it takes about a third less time than the class data sharing archive of Java 17
# (docs/performance.md). Without the cache the JVM still starts, only slower.
# The training configures the event relay too (a queue that is never called, a secret used for
# nothing else), so that the AWS SDK's classes are in the cache. MaxRAM pins the training heap
# to a container's: a builder with more than ~50 GiB would otherwise train without compressed
# pointers, and the cache would not fit the running JVM.
RUN ACL_FALCON_URI=http://127.0.0.1:9 ACL_LEGACY_URI=http://127.0.0.1:9 AWS_REGION=us-east-1 ACL_EVENTS_QUEUE_URL=https://sqs.us-east-1.amazonaws.com/000000000000/training.fifo ACL_EVENTS_SIGNING_SECRETS=whsec_Y2xhc3MtZGF0YS1zaGFyaW5nLXRyYWluaW5nLXN0YXJ0LW9ubHk= java --enable-native-access=ALL-UNNAMED -XX:MaxRAM=512m -XX:AOTCacheOutput=app.aot -Dspring.context.exit=onRefresh -jar app.jar > /dev/null
USER 10001:10001
# 8080: clients and POST /events. 8081: health, metrics, routing view (never expose publicly).
EXPOSE 8080 8081
# Netty loads its native transport (epoll) with System.loadLibrary, which Java 25 warns about unless
# native access is granted to the classpath, where Netty sits.
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-XX:AOTCache=app.aot", "-jar", "app.jar"]
