# acl-gateway container image.
# Build, from a checkout where `./mvnw -B verify` (in CI: .ci/run) has just built and tested the jar:
#   docker build --build-arg VERSION=0.1.0-SNAPSHOT --build-arg REVISION=$(git rev-parse HEAD) \
#     --build-arg SOURCE=$(git remote get-url origin) -t acl-gateway .
# The image ships that jar, the one the tests ran against, never a second build made inside Docker;
# the jar already carries the commit for /actuator/info (git-commit-id-maven-plugin, at build time).
# What the final stage runs is started, exactly as written here, by .ci/container-check.sh.
#
# Base images are pinned by digest (the tag stays for people): the multi-platform index digests
# docker-library/repo-info published for eclipse-temurin:17-jre on 2026-09-09 (JDK 17.0.20+8,
# Ubuntu 26.04). No registry is reachable from the machine this was written on, so the digest was
# read from that record, not resolved by a pull; refresh it with
#   docker buildx imagetools inspect eclipse-temurin:17-jre --format '{{json .Manifest.Digest}}'
# (or let Renovate/Dependabot do it). Both stages use the JRE: unpacking the jar needs no compiler.

# --- layers: split the tested jar into Spring Boot's layers ----------------------------------
FROM eclipse-temurin:17-jre@sha256:c6f2875c05ea10f16398bdc5f73405c384991506f2f1ead8bcc6582ae8adea79 AS build
WORKDIR /src
COPY target/acl-gateway-*.jar acl-gateway.jar
RUN java -Djarmode=tools -jar acl-gateway.jar extract --layers --application-filename app.jar --destination /layers

# --- run: a slim JRE, non-root, Spring Boot's layers from least to most often changed -------
FROM eclipse-temurin:17-jre@sha256:c6f2875c05ea10f16398bdc5f73405c384991506f2f1ead8bcc6582ae8adea79
ARG VERSION=unknown
ARG REVISION=unknown
ARG SOURCE=unknown
LABEL org.opencontainers.image.title="acl-gateway" \
      org.opencontainers.image.description="Anti-corruption layer between the legacy PHP API and Falcon: routing by app version, Falcon events to SQS" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.base.name="docker.io/library/eclipse-temurin:17-jre" \
      org.opencontainers.image.base.digest="sha256:c6f2875c05ea10f16398bdc5f73405c384991506f2f1ead8bcc6582ae8adea79"
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
# Class data sharing: one training start (the context is refreshed, then the JVM exits) records the
# classes the gateway loads into app.jsa, with the same JVM flags; starting from it takes about a
# third less time (docs/performance.md). Without the archive the JVM still starts, only slower.
# The training configures the event relay too (a queue that is never called, a secret used for
# nothing else), so that the AWS SDK's classes are in the archive. MaxRAM pins the training heap
# to a container's: a builder with more than ~50 GiB would otherwise train without compressed
# pointers, and the archive would not fit the running JVM.
RUN ACL_FALCON_URI=http://127.0.0.1:9 ACL_LEGACY_URI=http://127.0.0.1:9 AWS_REGION=us-east-1 ACL_EVENTS_QUEUE_URL=https://sqs.us-east-1.amazonaws.com/000000000000/training.fifo ACL_EVENTS_SIGNING_SECRETS=whsec_Y2xhc3MtZGF0YS1zaGFyaW5nLXRyYWluaW5nLXN0YXJ0LW9ubHk= java -XX:MaxRAM=512m -XX:ArchiveClassesAtExit=app.jsa -Dspring.context.exit=onRefresh -jar app.jar > /dev/null
USER 10001:10001
# 8080: clients and POST /events. 8081: health, metrics, routing view (never expose publicly).
EXPOSE 8080 8081
ENTRYPOINT ["java", "-XX:SharedArchiveFile=app.jsa", "-jar", "app.jar"]
