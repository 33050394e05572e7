package io.aclgateway.observability;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalManagementPort;

import io.aclgateway.testing.GatewayIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the running gateway says about itself on the management port: its version and
 * commit at {@code /actuator/info}, and the CycloneDX SBOM built into its jar at
 * {@code /actuator/sbom}.
 */
@GatewayIntegrationTest(upstreams = {})
class SelfDescriptionIntegrationTests {

	@LocalManagementPort
	int managementPort;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void infoShowsTheVersionTheBuildWasMadeOf() throws Exception {
		HttpResponse<String> response = get("/actuator/info");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode build = json.readTree(response.body()).path("build");
		assertThat(build.path("version").asString()).isEqualTo(projectVersion());
		assertThat(build.path("artifact").asString()).isEqualTo("acl-gateway");
		// project.build.outputTimestamp, not the moment of the build: the jar stays
		// reproducible.
		assertThat(build.path("time").asString()).isEqualTo(outputTimestamp());
	}

	@Test
	void infoShowsTheCommitWhenTheBuildKnewItAndNoGitSectionOtherwise() throws Exception {
		Properties git = classpathProperties("git.properties");

		JsonNode info = json.readTree(get("/actuator/info").body());

		if (git == null) {
			// A build without .git and without the image's REVISION: no git section,
			// nothing made up.
			assertThat(info.has("git")).as(info.toString()).isFalse();
		}
		else {
			String id = git.getProperty("git.commit.id");
			assertThat(id).matches("[0-9a-f]{7,40}");
			assertThat(id).startsWith(info.path("git").path("commit").path("id").asString());
			assertThat(info.path("git").path("commit").path("id").asString()).isNotEmpty();
		}
	}

	@Test
	void sbomServesTheCycloneDxBillOfMaterialsBuiltIntoTheJar() throws Exception {
		HttpResponse<String> ids = get("/actuator/sbom");
		HttpResponse<String> sbom = get("/actuator/sbom/application");

		assertThat(ids.statusCode()).isEqualTo(200);
		assertThat(json.readTree(ids.body()).path("ids").toString()).contains("\"application\"");
		assertThat(sbom.statusCode()).isEqualTo(200);
		assertThat(sbom.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/vnd.cyclonedx+json"));
		JsonNode bom = json.readTree(sbom.body());
		assertThat(bom.path("bomFormat").asString()).isEqualTo("CycloneDX");
		assertThat(bom.path("metadata").path("component").path("name").asString()).isEqualTo("acl-gateway");
		assertThat(bom.path("metadata").path("component").path("version").asString()).isEqualTo(projectVersion());
		assertThat(StreamSupport.stream(bom.path("components").spliterator(), false)
			.map(component -> component.path("name").asString()))
			.contains("spring-cloud-gateway-server-webflux", "snakeyaml", "sqs")
			.doesNotContain("wiremock-standalone", "elasticmq-rest-sqs_2.13");
	}

	@Test
	void sbomIsReadOnly() throws Exception {
		HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/actuator/sbom/application"))
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.header("Content-Type", "application/json")
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(post.statusCode()).isIn(404, 405);
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + managementPort + path);
	}

	private static String projectVersion() throws IOException {
		Matcher version = Pattern.compile("<artifactId>acl-gateway</artifactId>\\s*<version>([^<]+)</version>")
			.matcher(Files.readString(Path.of("pom.xml")));
		assertThat(version.find()).as("pom.xml's project version").isTrue();
		return version.group(1);
	}

	private static String outputTimestamp() throws IOException {
		Matcher time = Pattern.compile("<project.build.outputTimestamp>([^<]+)</project.build.outputTimestamp>")
			.matcher(Files.readString(Path.of("pom.xml")));
		assertThat(time.find()).as("pom.xml's project.build.outputTimestamp").isTrue();
		return time.group(1);
	}

	private static Properties classpathProperties(String name) throws IOException {
		try (InputStream in = SelfDescriptionIntegrationTests.class.getClassLoader().getResourceAsStream(name)) {
			if (in == null) {
				return null;
			}
			Properties properties = new Properties();
			properties.load(in);
			return properties;
		}
	}

}
