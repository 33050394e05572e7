# acl-gateway container image.
# Build: docker build -t acl-gateway .   (needs nothing but Docker: Maven runs through the wrapper)
# What the final stage runs is started, exactly as written here, by .ci/container-check.sh.

# --- build: compile and test-free package with the project's own wrapper -------------------
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
# Dependencies first: this layer is rebuilt only when the pom changes.
RUN ./mvnw -B -q dependency:go-offline
COPY src src
# The commit /actuator/info shows: the build context has no .git (.dockerignore), so the revision comes
# in as a build argument (docker build --build-arg REVISION=$(git rev-parse HEAD) .) and is written
# where git-commit-id-maven-plugin would write it; without one, info has no git section.
ARG REVISION=
RUN if [ -n "$REVISION" ]; then mkdir -p target/classes \
 && printf 'git.commit.id=%s\ngit.commit.id.abbrev=%.7s\n' "$REVISION" "$REVISION" > target/classes/git.properties; fi
RUN ./mvnw -B -q -DskipTests package \
 && java -Djarmode=tools -jar target/acl-gateway-*.jar extract --layers --application-filename app.jar --destination /layers

# --- run: a slim JRE, non-root, Spring Boot's layers from least to most often changed -------
FROM eclipse-temurin:17-jre
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
