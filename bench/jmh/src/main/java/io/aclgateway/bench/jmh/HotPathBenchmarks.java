package io.aclgateway.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.aclgateway.relay.contract.FalconEventReader;
import io.aclgateway.relay.translation.LegacyMessage;
import io.aclgateway.relay.translation.LegacySchema;
import io.aclgateway.relay.translation.LegacyTranslator;
import io.aclgateway.routing.client.Client;
import io.aclgateway.routing.client.ClientClassifier;
import io.aclgateway.routing.client.CohortHeaders;
import io.aclgateway.routing.client.RequestHeaders;
import io.aclgateway.routing.rules.RouteDecision;
import io.aclgateway.routing.rules.RouteRequest;
import io.aclgateway.routing.rules.RoutingFileParser;
import io.aclgateway.routing.rules.RoutingRules;

/**
 * The gateway's hot pure functions, each as the gateway calls it once per request or per event:
 * classification of a client from its headers, a routing decision on the repository's example
 * rules (config/routing.yml, four rules), and an event's validation and translation into its
 * legacy message(s). Average time per call, in nanoseconds.
 *
 * <p>The routing file is read from the system property {@code acl.bench.routing-file} (run.sh sets
 * it to the repository's config/routing.yml).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HotPathBenchmarks {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String MESSAGE_POSTED = """
			{"specversion":"1.0","id":"8f14e45f-ceea-4e7a-9c2b-1a2b3c4d5e11","source":"/falcon/write-api",
			 "type":"falcon.message.posted.v1","time":"2026-11-25T10:00:00Z",
			 "traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
			 "data":{"roomId":"4100001","messageId":"5000000001","authorId":"100002",
			 "body":"Bench message: the quick brown fox jumps over the lazy dog, then posts a reply in room forty-two."}}
			""";

	private static final String TASK_CREATED = """
			{"specversion":"1.0","id":"c9f0f895-fb98-4b91-8f3e-1a2b3c4d5e15","source":"/falcon/write-api",
			 "type":"falcon.task.created.v1","time":"2025-03-18T01:02:03.456Z",
			 "data":{"roomId":"4100001","taskId":"7000000001","creatorId":"100001",
			 "assigneeIds":["100003","100002","100007"],"body":"リリースノートを確認する",
			 "dueAt":"2025-04-01T18:00:00.750+09:00","messageId":"5000000002"}}
			""";

	private final ClientClassifier classifier = new ClientClassifier();

	private final FalconEventReader reader = new FalconEventReader();

	private final LegacyTranslator translator = new LegacyTranslator();

	private final LegacySchema legacySchema = LegacySchema.load();

	private LegacyMessage messagePostedMessage;

	private List<LegacyMessage> taskCreatedMessages;

	private RoutingRules rules;

	/** A new iOS app: its User-Agent says platform and version; account and tenant headers set. */
	private RequestHeaders iosUserAgent;

	/** An app that sends X-App-Platform and X-App-Version (the User-Agent is not parsed then). */
	private RequestHeaders explicitHeaders;

	/** An old Android app, version below every rule: all four rules are tried, then the default. */
	private RouteRequest oldAndroidFallsToDefault;

	/** A new iOS app: the second rule (ios-5) matches. */
	private RouteRequest iosMatchesSecondRule;

	/** An Android 5.x app with an account id: the rollout rule hashes the account (MurmurHash3). */
	private RouteRequest androidRollout;

	private JsonNode messagePosted;

	private byte[] messagePostedBytes;

	private JsonNode taskCreated;

	@Setup
	public void setUp() throws Exception {
		String file = System.getProperty("acl.bench.routing-file", "config/routing.yml");
		this.rules = new RoutingFileParser().parse(Files.readAllBytes(Path.of(file)));
		this.iosUserAgent = headers(Map.of("User-Agent", "ChatWork/5.3.1 (iOS 17.4.1; iPhone15,2)",
				"X-Organization-Id", "2002", "X-Account-Id", "77"));
		this.explicitHeaders = headers(Map.of("X-App-Platform", "android", "X-App-Version", "5.2.0",
				"User-Agent", "okhttp/4.12.0", "X-Account-Id", "77"));
		CohortHeaders cohort = rules.cohortHeaders();
		Client oldAndroid = classifier.classify(headers(Map.of("User-Agent",
				"ChatWork/4.9.2 (Android 13; Pixel 7)", "X-Organization-Id", "2002")), cohort);
		this.oldAndroidFallsToDefault = new RouteRequest("GET", "/v1/rooms/42/messages", oldAndroid);
		this.iosMatchesSecondRule = new RouteRequest("GET", "/v1/rooms/42/messages", classifier.classify(iosUserAgent, cohort));
		this.androidRollout = new RouteRequest("POST", "/v1/rooms/42/messages", classifier.classify(explicitHeaders, cohort));
		this.messagePosted = JSON.readTree(MESSAGE_POSTED);
		this.messagePostedBytes = MESSAGE_POSTED.getBytes(StandardCharsets.UTF_8);
		this.taskCreated = JSON.readTree(TASK_CREATED);
		this.messagePostedMessage = translator.translate(reader.read(messagePosted)).get(0);
		this.taskCreatedMessages = translator.translate(reader.read(taskCreated));
		sanityCheck();
	}

	private void sanityCheck() {
		check(rules.decide(iosMatchesSecondRule).rule().equals("ios-5"), "the iOS 5.3.1 app should match ios-5");
		check(rules.decide(oldAndroidFallsToDefault).rule().equals(RouteDecision.DEFAULT_RULE),
				"the Android 4.9.2 app should fall to the default");
		check(translateTaskCreated().size() == 3, "task.created with three assignees should make three messages");
	}

	private static void check(boolean condition, String message) {
		if (!condition) {
			throw new IllegalStateException("benchmark set-up: " + message);
		}
	}

	private static RequestHeaders headers(Map<String, String> values) {
		TreeMap<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		map.putAll(values);
		return map::get;
	}

	@Benchmark
	public Client classifyUserAgent() {
		return classifier.classify(iosUserAgent, rules.cohortHeaders());
	}

	@Benchmark
	public Client classifyExplicitHeaders() {
		return classifier.classify(explicitHeaders, rules.cohortHeaders());
	}

	@Benchmark
	public RouteDecision decideSecondRuleMatches() {
		return rules.decide(iosMatchesSecondRule);
	}

	@Benchmark
	public RouteDecision decideRolloutRule() {
		return rules.decide(androidRollout);
	}

	@Benchmark
	public RouteDecision decideNoRuleMatches() {
		return rules.decide(oldAndroidFallsToDefault);
	}

	/** What the routing filter does per request: classify, then decide. */
	@Benchmark
	public RouteDecision classifyAndDecide() {
		return rules.decide(new RouteRequest("GET", "/v1/rooms/42/messages",
				classifier.classify(iosUserAgent, rules.cohortHeaders())));
	}

	@Benchmark
	public List<LegacyMessage> translateMessagePosted() {
		return translator.translate(reader.read(messagePosted));
	}

	@Benchmark
	public List<LegacyMessage> translateTaskCreated() {
		return translator.translate(reader.read(taskCreated));
	}

	/** The event as POST /events has it: bytes, parsed, validated, translated. */
	/** The run-time legacy-schema check of one chat_add message (issue 13 step 5). */
	@Benchmark
	public List<String> checkMessagePostedAgainstTheLegacySchema() {
		return legacySchema.violations(messagePostedMessage);
	}

	/** The same for the three task_add messages of a task.created. */
	@Benchmark
	public int checkTaskCreatedAgainstTheLegacySchema() {
		int violations = 0;
		for (LegacyMessage message : taskCreatedMessages) {
			violations += legacySchema.violations(message).size();
		}
		return violations;
	}

	@Benchmark
	public List<LegacyMessage> parseAndTranslateMessagePosted() {
		return translator.translate(reader.read(JSON.readTree(messagePostedBytes)));
	}

}
