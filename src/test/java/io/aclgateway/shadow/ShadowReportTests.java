package io.aclgateway.shadow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.aclgateway.routing.rules.ShadowComparison;
import io.aclgateway.routing.rules.ShadowRule;
import io.aclgateway.routing.rules.ShadowSection;
import io.aclgateway.shadow.compare.FieldDifference;
import io.aclgateway.shadow.compare.MismatchBound;
import io.aclgateway.shadow.compare.ShadowOutcome;
import io.aclgateway.testing.MovingClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class ShadowReportTests {

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private final MovingClock clock = new MovingClock(Instant.parse("2026-11-30T08:00:00Z"));

	private final AtomicReference<ShadowSection> inForce = new AtomicReference<>(section("rooms-read"));

	private final ShadowReport report = new ShadowReport(meters, inForce::get, clock);

	@Test
	void countsEveryOutcomeAndRatesMismatchesAmongTheComparisonsThatSpeakAboutFalcon() {
		record(ShadowOutcome.MATCH, 3);
		record(ShadowOutcome.MISMATCH, 2);
		record(ShadowOutcome.NOISE, 1);
		record(ShadowOutcome.CONVERGED, 2);
		record(ShadowOutcome.LAGGING, 4);
		record(ShadowOutcome.FALCON_ERROR, 5);
		record(ShadowOutcome.SKIPPED, 6);

		ShadowView.RuleView rule = only(report.view());

		assertThat(rule.outcomes()).containsExactly(entry("match", 3L), entry("mismatch", 2L), entry("lagging", 4L),
				entry("converged", 2L), entry("noise", 1L), entry("falcon_error", 5L), entry("skipped", 6L));
		assertThat(rule.compared()).isEqualTo(8);
		assertThat(rule.mismatchRate()).isEqualTo(0.25);
		assertThat(rule.mismatchRateUpper95()).isEqualTo(MismatchBound.upper95(2, 8));
		assertThat(requests("rooms-read", "mismatch")).isEqualTo(2);
		assertThat(requests("rooms-read", "falcon_error")).isEqualTo(5);
		assertThat(requests("rooms-read", "lagging")).isEqualTo(4);
	}

	@Test
	void beforeTheFirstComparisonTheRateIsUnknownAndTheBoundIsTheWholeRange() {
		ShadowView.RuleView rule = only(report.view());

		assertThat(rule.compared()).isZero();
		assertThat(rule.mismatchRate()).isNull();
		assertThat(rule.mismatchRateUpper95()).isEqualTo(1.0);
	}

	@Test
	void everyOutcomeSeriesOfARuleInForceExistsAtZeroBeforeItsFirstComparison() {
		assertThat(meters.find("acl.shadow.requests").tag("rule", "rooms-read").counters())
			.extracting(counter -> counter.getId().getTag("outcome"))
			.containsExactlyInAnyOrderElementsOf(Arrays.stream(ShadowOutcome.values()).map(o -> o.wireName()).toList());
		assertThat(requests("rooms-read", "mismatch")).isZero();
	}

	@Test
	void aRuleAddedByAReloadGetsItsSeriesAtTheNextComparisonAndARemovedOneStaysUntilRestart() {
		record(ShadowOutcome.MISMATCH, 1);
		inForce.set(section("members-read"));

		report.record(result("members-read", ShadowOutcome.MATCH, "/v1/rooms/1/members"));

		assertThat(meters.find("acl.shadow.requests").tags("rule", "members-read", "outcome", "mismatch").counter())
			.isNotNull();
		assertThat(report.view().rules()).extracting(ShadowView.RuleView::name, ShadowView.RuleView::inForce)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("members-read", true),
					org.assertj.core.groups.Tuple.tuple("rooms-read", false));
		assertThat(report.view().rules().get(1).outcomes()).containsEntry("mismatch", 1L);
	}

	@Test
	void aFieldCountsOncePerMismatchHoweverManyItemsDifferAndLaggingOrNoiseNeverCountAsMismatches() {
		report.record(new ShadowResult("rooms-read", ShadowOutcome.MISMATCH, "GET", "/v1/rooms/1",
				List.of(difference("/members/*/name", "/members/0/name"),
						difference("/members/*/name", "/members/3/name"), difference("/name", "/name"))));
		report.record(new ShadowResult("rooms-read", ShadowOutcome.LAGGING, "GET", "/v1/rooms/1",
				List.of(difference("/name", "/name"))));
		report.record(new ShadowResult("rooms-read", ShadowOutcome.NOISE, "GET", "/v1/rooms/1",
				List.of(difference("/request_id", "/request_id"))));
		report.record(new ShadowResult("rooms-read", ShadowOutcome.NOISE, "GET", "/v1/rooms/2",
				List.of(difference("/request_id", "/request_id"))));

		ShadowView.RuleView rule = only(report.view());

		assertThat(rule.differingFields()).containsExactly(new ShadowView.FieldCount("/members/*/name", 1),
				new ShadowView.FieldCount("/name", 1));
		assertThat(rule.noiseFields()).containsExactly(new ShadowView.FieldCount("/request_id", 2));
		assertThat(fieldMismatches("rooms-read", "/members/*/name")).isEqualTo(1);
		assertThat(fieldMismatches("rooms-read", "/name")).isEqualTo(1);
		assertThat(meters.find("acl.shadow.field.mismatches").tag("field", "/request_id").counter()).isNull();
	}

	@Test
	void theViewListsTheTenFieldsThatDifferMostMostFirst() {
		for (int field = 1; field <= 12; field++) {
			for (int n = 0; n < field; n++) {
				report.record(new ShadowResult("rooms-read", ShadowOutcome.MISMATCH, "GET", "/v1/rooms/1",
						List.of(difference("/f" + field, "/f" + field))));
			}
		}

		assertThat(only(report.view()).differingFields()).extracting(ShadowView.FieldCount::field)
			.containsExactly("/f12", "/f11", "/f10", "/f9", "/f8", "/f7", "/f6", "/f5", "/f4", "/f3");
	}

	@Test
	void fieldsBeyondTheFirstFiftyOfARuleCountAsOtherSoThatAStrangeBodyMakesNoNewSeries() {
		List<FieldDifference> many = IntStream.range(0, 80).mapToObj(i -> difference("/k" + i, "/k" + i)).toList();

		report.record(new ShadowResult("rooms-read", ShadowOutcome.MISMATCH, "GET", "/v1/rooms/1", many));
		report.record(new ShadowResult("rooms-read", ShadowOutcome.MISMATCH, "GET", "/v1/rooms/1",
				List.of(difference("/k79", "/k79"), difference("/k0", "/k0"))));

		assertThat(meters.find("acl.shadow.field.mismatches").tag("rule", "rooms-read").counters())
			.hasSize(ShadowReport.MAX_FIELDS_PER_RULE + 1);
		assertThat(fieldMismatches("rooms-read", "other")).isEqualTo(31);
		assertThat(fieldMismatches("rooms-read", "/k0")).isEqualTo(2);
		assertThat(only(report.view()).differingFields()).first().isEqualTo(new ShadowView.FieldCount("other", 31));
	}

	@Test
	void theLastTenMismatchesAreKeptNewestFirstWithTheirDifferingValuesOnly() {
		for (int i = 0; i < 15; i++) {
			clock.advance(Duration.ofSeconds(1));
			report.record(result("rooms-read", ShadowOutcome.MISMATCH, "/v1/rooms/" + i));
			report.record(result("rooms-read", ShadowOutcome.LAGGING, "/v1/rooms/lagging"));
		}

		List<ShadowView.Mismatch> recent = only(report.view()).recentMismatches();

		assertThat(recent).extracting(ShadowView.Mismatch::path)
			.containsExactly("/v1/rooms/14", "/v1/rooms/13", "/v1/rooms/12", "/v1/rooms/11", "/v1/rooms/10",
					"/v1/rooms/9", "/v1/rooms/8", "/v1/rooms/7", "/v1/rooms/6", "/v1/rooms/5");
		assertThat(recent.get(0).at()).isEqualTo(Instant.parse("2026-11-30T08:00:15Z"));
		assertThat(recent.get(0).method()).isEqualTo("GET");
		assertThat(recent.get(0).differences())
			.containsExactly(new ShadowView.Difference("/name", "\"General\"", "\"general\""));
	}

	@Test
	void anExampleKeepsAtMostTenDifferencesWithValuesCutShort() {
		List<FieldDifference> many = new ArrayList<>();
		many.add(new FieldDifference("/topic", "/topic", "x".repeat(500), "y".repeat(500)));
		IntStream.range(0, 30).forEach(i -> many.add(difference("/k" + i, "/k" + i)));

		report.record(new ShadowResult("rooms-read", ShadowOutcome.MISMATCH, "GET", "/v1/rooms/1", many));

		ShadowView.Mismatch example = only(report.view()).recentMismatches().get(0);
		assertThat(example.differences()).hasSize(ShadowReport.DIFFERENCES_PER_EXAMPLE);
		assertThat(example.differences().get(0).legacy()).hasSize(FieldDifference.MAX_VALUE_CHARS);
		assertThat(example.differences().get(0).falcon()).hasSize(FieldDifference.MAX_VALUE_CHARS);
	}

	@Test
	void nothingOfAQueryStringOrFragmentIsEverShown() {
		report.record(result("rooms-read", ShadowOutcome.MISMATCH, "/v1/rooms/42?token=s3cr3t-query&limit=5"));
		report.record(result("rooms-read", ShadowOutcome.MISMATCH, "/v1/rooms/43#s3cr3t-fragment?x"));

		ShadowView view = report.view();

		assertThat(only(view).recentMismatches()).extracting(ShadowView.Mismatch::path)
			.containsExactly("/v1/rooms/43", "/v1/rooms/42");
		assertThat(view.toString()).doesNotContain("s3cr3t", "limit");
	}

	private void record(ShadowOutcome outcome, int times) {
		for (int i = 0; i < times; i++) {
			report.record(result("rooms-read", outcome, "/v1/rooms/" + i));
		}
	}

	private static ShadowResult result(String rule, ShadowOutcome outcome, String path) {
		return new ShadowResult(rule, outcome, "GET", path,
				(outcome == ShadowOutcome.MATCH) ? List.of() : List.of(difference("/name", "/name")));
	}

	private static FieldDifference difference(String field, String pointer) {
		return new FieldDifference(field, pointer, "\"General\"", "\"general\"");
	}

	private static ShadowSection section(String... rules) {
		return new ShadowSection(100, 50,
				Arrays.stream(rules)
					.map(name -> new ShadowRule(name, null, null, false, true, null, ShadowComparison.WHOLE_BODIES))
					.toList());
	}

	private static ShadowView.RuleView only(ShadowView view) {
		assertThat(view.rules()).hasSize(1);
		return view.rules().get(0);
	}

	private double requests(String rule, String outcome) {
		Counter counter = meters.find("acl.shadow.requests").tags("rule", rule, "outcome", outcome).counter();
		assertThat(counter).as("acl.shadow.requests{rule=%s,outcome=%s}", rule, outcome).isNotNull();
		return counter.count();
	}

	private double fieldMismatches(String rule, String field) {
		Counter counter = meters.find("acl.shadow.field.mismatches").tags("rule", rule, "field", field).counter();
		assertThat(counter).as("acl.shadow.field.mismatches{rule=%s,field=%s}", rule, field).isNotNull();
		return counter.count();
	}

}
