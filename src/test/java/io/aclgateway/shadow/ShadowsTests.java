package io.aclgateway.shadow;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.util.unit.DataSize;

import io.aclgateway.relay.core.RoomActivity;
import io.aclgateway.routing.rules.ShadowComparison;
import io.aclgateway.routing.rules.ShadowRule;
import io.aclgateway.shadow.compare.Comparison;
import io.aclgateway.shadow.compare.FieldDifference;
import io.aclgateway.shadow.compare.ShadowOutcome;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a shadow read ends in, with upstreams faked at our own port ({@link ShadowLeg})
 * and answers compared byte for byte: every path to each outcome, lag and its rechecks
 * included.
 */
class ShadowsTests {

	private static final ShadowRule REPEATABLE = new ShadowRule("rooms", null, null, false, true, null,
			ShadowComparison.WHOLE_BODIES);

	private static final ShadowRule NOT_REPEATABLE = new ShadowRule("receipts", null, null, false, false, null,
			ShadowComparison.WHOLE_BODIES);

	private final List<ShadowResult> recorded = new ArrayList<>();

	private final FakeLeg falcon = new FakeLeg();

	private final FakeLeg legacy = new FakeLeg();

	private final AtomicBoolean circuitOpen = new AtomicBoolean();

	private final Scheduler comparing = Schedulers.newSingle("test-compare");

	@AfterEach
	void stop() {
		comparing.dispose();
	}

	@Test
	void sameAnswersMatch() {
		falcon.answers(200, "{\"a\":1}");
		run(shadows(), REPEATABLE, "{\"a\":1}", null, false);
		assertThat(outcomes()).containsExactly(ShadowOutcome.MATCH);
		assertThat(falcon.requests).containsExactly("GET /v1/rooms/1?x=1");
	}

	@Test
	void differentAnswersInAQuietRoomOrNoneMismatch() {
		falcon.answers(200, "{\"a\":2}");
		run(shadows(), REPEATABLE, "{\"a\":1}", null, false);
		falcon.answers(200, "{\"a\":2}");
		run(shadows(), REPEATABLE, "{\"a\":1}", RoomActivity.Activity.QUIET, false);
		assertThat(outcomes()).containsExactly(ShadowOutcome.MISMATCH, ShadowOutcome.MISMATCH);
		assertThat(recorded.get(0).differences()).isNotEmpty();
		assertThat(recorded.get(0).path()).isEqualTo("/v1/rooms/1");
	}

	@Test
	void falconFailingTimingOutOrAnsweringAServerErrorIsFalconError() {
		falcon.fails();
		run(shadows(), REPEATABLE, "{}", null, false);
		falcon.answers(503, "{}");
		run(shadows(), REPEATABLE, "{}", null, false);
		assertThat(outcomes()).containsExactly(ShadowOutcome.FALCON_ERROR, ShadowOutcome.FALCON_ERROR);
	}

	@Test
	void overTheBudgetsOrWithFalconsCircuitOpenIsSkipped() {
		falcon.refuses();
		run(shadows(), REPEATABLE, "{}", null, false);
		falcon.answersOverBudget();
		run(shadows(), REPEATABLE, "{}", null, false);
		Shadows shadows = shadows();
		shadows
			.run(new ShadowCase(REPEATABLE, request(), true, new LegResult.OverBudget(200), false, null, "/v1/rooms/1"))
			.block();
		shadows.run(new ShadowCase(REPEATABLE, request(), false, legacyAnswer("{}"), false, null, "/v1/rooms/1"))
			.block();
		circuitOpen.set(true);
		run(shadows, REPEATABLE, "{}", null, false);
		assertThat(outcomes()).containsExactly(ShadowOutcome.SKIPPED, ShadowOutcome.SKIPPED, ShadowOutcome.SKIPPED,
				ShadowOutcome.SKIPPED, ShadowOutcome.SKIPPED);
		assertThat(falcon.requests).as("Falcon read only while its circuit was closed and the copies usable")
			.hasSize(1);
		assertThat(falcon.refused).hasValue(1);
	}

	@Test
	void aFullComparingQueueIsSkipped() {
		falcon.answers(200, "{}");
		Scheduler full = Schedulers.fromExecutor(task -> {
			throw new RejectedExecutionException("full");
		});
		run(shadows(full, List.of()), REPEATABLE, "{}", null, false);
		assertThat(outcomes()).containsExactly(ShadowOutcome.SKIPPED);
	}

	@Test
	void aDifferenceInABusyRoomIsLaggingThenConvergedWhenARecheckMatches() {
		falcon.answers(200, "{\"last\":2}");
		// The recheck: legacy has caught up.
		falcon.answers(200, "{\"last\":2}");
		legacy.answers(200, "{\"last\":2}");
		run(shadows(comparing, List.of(Duration.ofMillis(10), Duration.ofMillis(10))), REPEATABLE, "{\"last\":1}",
				RoomActivity.Activity.BUSY, false);
		assertThat(outcomes()).containsExactly(ShadowOutcome.LAGGING, ShadowOutcome.CONVERGED);
		assertThat(falcon.requests).hasSize(2);
		assertThat(legacy.requests).hasSize(1);
	}

	@Test
	void aDifferenceThatOutlastsEveryRecheckIsAMismatch() {
		for (int i = 0; i < 3; i++) {
			falcon.answers(200, "{\"last\":9}");
		}
		legacy.answers(200, "{\"last\":1}");
		legacy.answers(200, "{\"last\":1}");
		run(shadows(comparing, List.of(Duration.ofMillis(10), Duration.ofMillis(10))), REPEATABLE, "{\"last\":1}",
				RoomActivity.Activity.BUSY, false);
		assertThat(outcomes()).containsExactly(ShadowOutcome.LAGGING, ShadowOutcome.MISMATCH);
		assertThat(falcon.requests).hasSize(3);
		assertThat(legacy.requests).hasSize(2);
	}

	@Test
	void aRuleThatMayNotAskLegacyTwiceIsNeverRereadNorNoiseSampled() {
		falcon.answers(200, "{\"last\":2}");
		run(shadows(comparing, List.of(Duration.ofMillis(10))), NOT_REPEATABLE, "{\"last\":1}",
				RoomActivity.Activity.BUSY, true);
		assertThat(outcomes()).containsExactly(ShadowOutcome.LAGGING);
		assertThat(legacy.requests).isEmpty();
		assertThat(falcon.requests).hasSize(1);
	}

	@Test
	void aRoomWhoseActivityCannotBeToldIsSkippedOnADifference() {
		falcon.answers(200, "{\"last\":2}");
		run(shadows(), REPEATABLE, "{\"last\":1}", RoomActivity.Activity.UNKNOWN, false);
		falcon.answers(200, "{\"last\":1}");
		run(shadows(), REPEATABLE, "{\"last\":1}", RoomActivity.Activity.UNKNOWN, false);
		assertThat(outcomes()).containsExactly(ShadowOutcome.SKIPPED, ShadowOutcome.MATCH);
	}

	@Test
	void aNoiseSampleAsksLegacyASecondTime() {
		falcon.answers(200, "{}");
		legacy.answers(200, "{}");
		run(shadows(), REPEATABLE, "{}", null, true);
		assertThat(legacy.requests).containsExactly("GET /v1/rooms/1?x=1");
		assertThat(outcomes()).containsExactly(ShadowOutcome.MATCH);
	}

	private void run(Shadows shadows, ShadowRule rule, String legacyBody, RoomActivity.@Nullable Activity activity,
			boolean noise) {
		shadows.run(new ShadowCase(rule, request(), true, legacyAnswer(legacyBody), noise, activity, "/v1/rooms/1"))
			.block(Duration.ofSeconds(5));
	}

	private Shadows shadows() {
		return shadows(comparing, List.of());
	}

	private Shadows shadows(Scheduler scheduler, List<Duration> rechecks) {
		ShadowProperties properties = new ShadowProperties(DataSize.ofKilobytes(256), Duration.ofSeconds(2), 4,
				Duration.ofSeconds(10), rechecks, 16);
		return new Shadows(falcon, legacy, circuitOpen::get, ShadowsTests::bytewise, (encoding, body, budget) -> body,
				scheduler, recorded::add, properties);
	}

	private List<ShadowOutcome> outcomes() {
		return recorded.stream().map(ShadowResult::outcome).toList();
	}

	private static ShadowRequest request() {
		return new ShadowRequest("GET", "/v1/rooms/1?x=1", Map.of("Accept", List.of("application/json")), "api.test",
				null);
	}

	private static LegResult.Answered legacyAnswer(String body) {
		return new LegResult.Answered(200, null, body.getBytes(StandardCharsets.UTF_8));
	}

	private static Comparison bytewise(ShadowComparison spec, io.aclgateway.shadow.compare.Answer legacy,
			io.aclgateway.shadow.compare.Answer falcon) {
		String a = new String(legacy.body(), StandardCharsets.UTF_8);
		String b = new String(falcon.body(), StandardCharsets.UTF_8);
		return new Comparison((a.equals(b) && legacy.status() / 100 == falcon.status() / 100) ? List.of()
				: List.of(new FieldDifference("", "", a, b)));
	}

	/** An upstream answering what it was told to, in order, and noting what it got. */
	private static final class FakeLeg implements ShadowLeg {

		private final Deque<LegResult> results = new ArrayDeque<>();

		private final List<String> requests = new ArrayList<>();

		private final AtomicInteger refused = new AtomicInteger();

		void answers(int status, String body) {
			results.add(new LegResult.Answered(status, null, body.getBytes(StandardCharsets.UTF_8)));
		}

		void answersOverBudget() {
			results.add(new LegResult.OverBudget(200));
		}

		void fails() {
			results.add(new LegResult.Failed(new IllegalStateException("connection refused")));
		}

		void refuses() {
			results.add(new LegResult.Refused());
		}

		@Override
		public synchronized Mono<LegResult> read(ShadowRequest request) {
			LegResult next = results.poll();
			if (next instanceof LegResult.Refused) {
				refused.incrementAndGet();
				return Mono.just(next);
			}
			requests.add(request.method() + " " + request.pathAndQuery());
			return Mono.just((next != null) ? next : new LegResult.Failed(new IllegalStateException("unexpected")));
		}

	}

}
