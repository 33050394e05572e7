package io.aclgateway.routing.reload;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.aclgateway.routing.rules.RoutingFileParser;
import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.StandIns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Live reload as routing.md says: valid changes within 5 s, invalid files change nothing,
 * no request fails.
 */
@GatewayIntegrationTest(routing = RoutingReloadIntegrationTests.BASELINE, properties = "acl.routing.debug-headers=true")
class RoutingReloadIntegrationTests {

	static final String BASELINE = """
			mode: rules
			default: legacy
			rules:
			  - name: pilot
			    tenants: ["1001"]
			    target: falcon
			""";

	static final String SHADOW = """
			shadow:
			  percent: 10
			  noise-percent: 5
			  rules:
			    - name: rooms-read
			      paths: ["/v1/rooms/**"]
			      room: "/v1/rooms/{rid}/**"
			      compare:
			        legacy: /result
			        ignore: ["/**/updated_at"]
			""";

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final WireMockServer falcon;

	private final WireMockServer legacy;

	private final Path routingFile;

	RoutingReloadIntegrationTests(StandIns standIns) {
		this.falcon = standIns.falcon();
		this.legacy = standIns.legacy();
		this.routingFile = standIns.routingFile();
	}

	private Path routingFile() {
		return routingFile;
	}

	@BeforeEach
	void baseline() throws Exception {
		falcon.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("falcon")));
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
		replaceFile(BASELINE);
		awaitVersion(versionOf(BASELINE));
	}

	@Test
	void appliesAValidChangeWithinFiveSeconds() throws Exception {
		assertThat(routedTo("2002")).isEqualTo("legacy");
		double appliedBefore = reloads("applied");

		replaceFile(BASELINE.replace("\"1001\"", "\"1001\", \"2002\""));
		withinFiveSeconds().until(() -> routedTo("2002").equals("falcon"));

		assertThat(reloads("applied")).isEqualTo(appliedBefore + 1);
		assertThat(routingView()).contains("\"2002\"");
	}

	@Test
	void theKillSwitchSendsEveryoneToLegacyAndBack() throws Exception {
		assertThat(routedTo("1001")).isEqualTo("falcon");

		replaceFile(BASELINE.replace("mode: rules", "mode: legacy-only"));
		awaitVersion(versionOf(BASELINE.replace("mode: rules", "mode: legacy-only")));
		assertThat(routedTo("1001")).isEqualTo("legacy");

		replaceFile(BASELINE.replace("mode: rules", "mode: falcon-only"));
		awaitVersion(versionOf(BASELINE.replace("mode: rules", "mode: falcon-only")));
		assertThat(routedTo("9999")).isEqualTo("falcon");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					not YAML                | 'mode: [rules'                                                              | file
					unknown field           | 'mode: rules\\nrulez: []'                                                   | rulez
					unknown target          | 'rules:\\n  - name: a\\n    target: mars'                                   | rules[0].target
					unknown mode            | 'mode: halfway'                                                             | mode
					bad range               | 'rules:\\n  - name: a\\n    versions: \">=5.x\"\\n    target: falcon'       | rules[0].versions
					duplicate rule name     | 'rules:\\n  - name: a\\n    target: falcon\\n  - name: a\\n    target: legacy' | rules[1].name
					percent out of range    | 'rules:\\n  - name: a\\n    rollout: {percent: 101, by: account}\\n    target: falcon' | rules[0].rollout.percent
					missing target          | 'rules:\\n  - name: a'                                                      | rules[0].target
					empty file              | ''                                                                          | file
					shadow percent          | 'shadow:\n  percent: 101'                                                  | shadow.percent
					shadow write not idempotent | 'shadow:\n  percent: 5\n  rules:\n    - name: w\n      methods: [POST]' | shadow.rules[0].methods
					shadow unknown field    | 'shadow:\n  percent: 5\n  rules:\n    - name: w\n      target: falcon'  | shadow.rules[0].target
					""")
	void rejectsAnInvalidFileAsAWholeAndKeepsTheRulesInForce(String kind, String content, String field)
			throws Exception {
		String invalid = content.replace("\\n", "\n") + "\n# " + kind + " " + System.nanoTime();
		double rejectedBefore = reloads("rejected");
		String versionBefore = version();

		replaceFile(invalid);
		withinFiveSeconds().until(() -> reloads("rejected") != rejectedBefore);

		assertThat(version()).isEqualTo(versionBefore);
		assertThat(routedTo("1001")).isEqualTo("falcon");
		assertThat(routedTo("2002")).isEqualTo("legacy");
		assertThat(routingView()).contains("\"lastRejection\":{").contains(field + ":");
	}

	@Test
	void theShadowSectionReloadsLiveWithTheFile() throws Exception {
		assertThat(routingView()).contains("\"shadow\":{\"percent\":0,\"noisePercent\":0,\"rules\":[]}");

		String withShadow = BASELINE + SHADOW;
		replaceFile(withShadow);
		awaitVersion(versionOf(withShadow));
		assertThat(routingView()).contains("\"shadow\":{\"percent\":10,\"noisePercent\":5,\"rules\":[{"
				+ "\"name\":\"rooms-read\",\"paths\":[\"/v1/rooms/**\"],\"methods\":[\"GET\",\"HEAD\"],"
				+ "\"idempotent\":false,\"repeatable\":true,\"room\":\"/v1/rooms/{rid}/**\","
				+ "\"compare\":{\"legacy\":\"/result\",\"falcon\":\"\",\"ignore\":[\"/**/updated_at\"],"
				+ "\"unordered\":[],\"status\":true}}]}");

		String changed = withShadow.replace("percent: 10", "percent: 25").replace("rooms-read", "rooms-all");
		replaceFile(changed);
		awaitVersion(versionOf(changed));
		assertThat(routingView()).contains("\"shadow\":{\"percent\":25,").contains("\"name\":\"rooms-all\"");

		replaceFile(BASELINE);
		awaitVersion(versionOf(BASELINE));
		assertThat(routingView()).contains("\"shadow\":{\"percent\":0,\"noisePercent\":0,\"rules\":[]}");
	}

	@Test
	void anInvalidShadowSectionIsRejectedWithTheWholeFileAndTheShadowInForceStays() throws Exception {
		String withShadow = BASELINE + SHADOW;
		replaceFile(withShadow);
		awaitVersion(versionOf(withShadow));
		double rejectedBefore = reloads("rejected");

		// A valid routing change beside an invalid shadow section: neither is applied.
		replaceFile(withShadow.replace("\"1001\"", "\"1001\", \"2002\"").replace("percent: 10", "percent: 110"));
		withinFiveSeconds().until(() -> reloads("rejected") != rejectedBefore);

		assertThat(version()).isEqualTo(versionOf(withShadow));
		assertThat(routedTo("2002")).isEqualTo("legacy");
		assertThat(routingView()).contains("\"shadow\":{\"percent\":10,\"noisePercent\":5,")
			.contains("\"name\":\"rooms-read\"")
			.contains("\"lastRejection\":{")
			.contains("shadow.percent: must be 0..100, was 110");
	}

	@Test
	void anUnreadableFileIsRejectedOnceAndTheRulesInForceStay() throws Exception {
		double rejectedBefore = reloads("rejected");
		String versionBefore = version();

		// A directory in the file's place: unreadable to anyone, root included (tests run
		// as root).
		Files.delete(routingFile());
		Files.createDirectory(routingFile());
		try {
			withinFiveSeconds().until(() -> reloads("rejected") != rejectedBefore);

			assertThat(version()).isEqualTo(versionBefore);
			assertThat(routedTo("1001")).isEqualTo("falcon");
			assertThat(routingView()).contains("\"lastRejection\":{").contains("file: cannot be read");
			// Still unreadable a few checks later: one spell, one rejection.
			await().during(Duration.ofMillis(2500))
				.atMost(Duration.ofSeconds(3))
				.until(() -> reloads("rejected") == rejectedBefore + 1);
		}
		finally {
			Files.delete(routingFile());
		}
		replaceFile(BASELINE);
		awaitVersion(versionBefore);
		awaitSuperseded();
	}

	@Test
	void aRejectionIsMarkedSupersededOnceALaterFileIsApplied() throws Exception {
		double rejectedBefore = reloads("rejected");
		replaceFile("mode: halfway\n# " + System.nanoTime());
		withinFiveSeconds().until(() -> reloads("rejected") != rejectedBefore);
		assertThat(routingView()).contains("\"superseded\":false");

		String next = BASELINE.replace("\"1001\"", "\"1001\", \"3003\"");
		replaceFile(next);
		awaitVersion(versionOf(next));

		String view = routingView();
		assertThat(view).contains("\"lastRejection\":{").contains("mode:");
		assertThat(view).contains("\"superseded\":true").contains("\"supersededBy\":\"" + versionOf(next) + "\"");
	}

	@Test
	void noRequestFailsWhileTheFileChangesUnderLoad() throws Exception {
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger sent = new AtomicInteger();
		List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
		ExecutorService clients = Executors.newFixedThreadPool(4);
		List<Future<?>> loops = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			loops.add(clients.submit(() -> {
				while (running.get()) {
					try {
						HttpResponse<String> response = http.send(request("1001").build(),
								HttpResponse.BodyHandlers.ofString());
						if (response.statusCode() != 200
								|| !(response.body().equals("falcon") || response.body().equals("legacy"))) {
							failures.add(response.statusCode() + " " + response.body());
						}
					}
					catch (Exception ex) {
						failures.add(ex.toString());
					}
					sent.incrementAndGet();
				}
			}));
		}
		try {
			for (String mode : List.of("legacy-only", "falcon-only", "rules", "legacy-only", "rules")) {
				String content = BASELINE.replace("mode: rules", "mode: " + mode) + "# " + System.nanoTime() + "\n";
				replaceFile(content);
				awaitVersion(versionOf(content));
			}
		}
		finally {
			running.set(false);
			for (Future<?> loop : loops) {
				loop.get();
			}
			clients.shutdown();
		}

		assertThat(failures).isEmpty();
		assertThat(sent.get()).isGreaterThan(50);
	}

	private String routedTo(String tenant) throws Exception {
		HttpResponse<String> response = http.send(request(tenant).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Routed-To")).hasValue(response.body());
		return response.body();
	}

	private HttpRequest.Builder request(String tenant) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/rooms"))
			.header("X-Organization-Id", tenant);
	}

	/**
	 * Writes the file the way a ConfigMap update or a careful editor does: whole, in one
	 * rename.
	 */
	private void replaceFile(String content) throws IOException {
		Path next = Files.writeString(routingFile().resolveSibling("routing.yml.next"), content);
		Files.move(next, routingFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	private static String versionOf(String content) throws Exception {
		return new RoutingFileParser().parse(content.getBytes(StandardCharsets.UTF_8)).version();
	}

	private void awaitVersion(String expected) throws Exception {
		withinFiveSeconds().until(() -> version().equals(expected));
	}

	/**
	 * The file read again after a rejection is applied afresh, even if unchanged, and
	 * supersedes the rejection.
	 */
	private void awaitSuperseded() throws Exception {
		withinFiveSeconds().until(() -> routingView().contains("\"superseded\":true"));
	}

	/** routing.md: a change is applied within 5 seconds; checked every 50 ms. */
	private static ConditionFactory withinFiveSeconds() {
		return await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50));
	}

	private String version() throws Exception {
		String view = routingView();
		int at = view.indexOf("\"version\":\"") + 11;
		return view.substring(at, view.indexOf('"', at));
	}

	private String routingView() throws Exception {
		return management("/actuator/routing");
	}

	private double reloads(String outcome) throws Exception {
		String prefix = "acl_routing_reloads_total{application=\"acl-gateway\",outcome=\"" + outcome + "\"} ";
		return management("/actuator/prometheus").lines()
			.filter(line -> line.startsWith(prefix))
			.mapToDouble(line -> Double.parseDouble(line.substring(prefix.length())))
			.findFirst()
			.orElseThrow();
	}

	private String management(String path) throws Exception {
		return http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + path)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

}
