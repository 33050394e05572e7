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
RUN ./mvnw -B -q -DskipTests package \
 && java -Djarmode=tools -jar target/acl-gateway-*.jar extract --layers --launcher --destination /layers

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
USER 10001:10001
# 8080: clients and POST /events. 8081: health, metrics, routing view (never expose publicly).
EXPOSE 8080 8081
# Container-aware heap; exit (and be restarted) rather than limp on after an OutOfMemoryError.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=50 -XX:+ExitOnOutOfMemoryError -XX:+UseG1GC"
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
