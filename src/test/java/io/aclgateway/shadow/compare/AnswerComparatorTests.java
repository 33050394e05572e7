package io.aclgateway.shadow.compare;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.aclgateway.routing.rules.PointerPattern;
import io.aclgateway.routing.rules.ShadowComparison;

import static io.aclgateway.shadow.compare.FieldDifference.ABSENT;
import static org.assertj.core.api.Assertions.assertThat;

/** What the comparator reports for two answers, case by case. */
class AnswerComparatorTests {

	private final AnswerComparator comparator = new AnswerComparator();

	/** Whole bodies, arrays in order, status classes compared, nothing ignored. */
	private static final ShadowComparison WHOLE = ShadowComparison.WHOLE_BODIES;

	@ParameterizedTest(name = "{0} vs {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', value = {
			// equal in every way that counts
			"{\"a\":1,\"b\":[1,2]}              | {\"b\":[1,2],\"a\":1}",
			"{\"n\":1}                          | {\"n\":1.0}", "{\"n\":1}                          | {\"n\":1e0}",
			"{\"n\":0.1}                        | {\"n\":0.10}",
			"{\"n\":12345678901234567890}       | {\"n\":1.2345678901234567890e19}",
			"`  {\"a\" : 1}  `                  | {\"a\":1}", "not json                           | not json",
			"``                                 | ``", "[]                                 | []" })
	void equalAnswersMatch(String legacy, String falcon) {
		assertThat(compare(WHOLE, legacy, falcon).differences()).isEmpty();
		assertThat(compare(WHOLE, legacy, falcon).matches()).isTrue();
	}

	/** One row per case: bodies, then the one difference expected. */
	@ParameterizedTest(name = "{0} vs {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', value = {
			"{\"name\":\"a\"}                 | {\"name\":\"b\"}             | /name       | /name       | \"a\"   | \"b\"",
			"{\"n\":1}                        | {\"n\":\"1\"}                | /n          | /n          | 1       | \"1\"",
			"{\"a\":1}                        | {}                           | /a          | /a          | 1       | (absent)",
			"{}                               | {\"a\":null}                 | /a          | /a          | (absent) | null",
			"{\"a\":{\"b\":1}}                | {\"a\":[1]}                  | /a          | /a          | {\"b\":1} | [1]",
			"{\"items\":[{\"n\":1},{\"n\":2}]} | {\"items\":[{\"n\":1},{\"n\":3}]} | /items/*/n | /items/1/n | 2     | 3",
			"{\"items\":[1,2]}                | {\"items\":[1,2,3]}          | /items/*    | /items/2    | (absent) | 3",
			"{\"rooms\":{\"123456\":{\"n\":1}}} | {\"rooms\":{\"123456\":{\"n\":2}}} | /rooms/*/n | /rooms/123456/n | 1 | 2",
			"{\"m\":{\"3f2b8c1e-1d2a-4c3b-9e8f-0a1b2c3d4e5f\":1}} | {\"m\":{\"3f2b8c1e-1d2a-4c3b-9e8f-0a1b2c3d4e5f\":2}} | /m/* | /m/3f2b8c1e-1d2a-4c3b-9e8f-0a1b2c3d4e5f | 1 | 2",
			"{\"m\":{\"5f1d2c3b4a5e6f7a8b9c0d1e\":1}} | {\"m\":{\"5f1d2c3b4a5e6f7a8b9c0d1e\":2}} | /m/* | /m/5f1d2c3b4a5e6f7a8b9c0d1e | 1 | 2",
			"{\"m\":{\"ann@example.com\":1}}  | {\"m\":{\"ann@example.com\":2}} | /m/*      | /m/ann@example.com | 1 | 2",
			"{\"m\":{\"a/b\":1}}              | {\"m\":{\"a/b\":2}}          | /m/*        | /m/a~1b     | 1       | 2",
			"{\"m\":{\"user_1234567\":1}}     | {\"m\":{\"user_1234567\":2}} | /m/*        | /m/user_1234567 | 1   | 2",
			"{\"m\":{\"en\":1}}               | {\"m\":{\"en\":2}}           | /m/en       | /m/en       | 1       | 2",
			"hello                            | hellp                        | ``          | ``          | hello   | hellp",
			"{\"a\":1}                        | ``                           | ``          | ``          | {\"a\":1} | (absent)",
			"{\"a\":1}                        | {\"a\":1} trailing           | ``          | ``          | {\"a\":1} | {\"a\":1} trailing" })
	void aDifferenceIsReportedAtItsFieldAndPointerWithBothValues(String legacy, String falcon, String field,
			String pointer, String legacyValue, String falconValue) {
		assertThat(compare(WHOLE, legacy, falcon).differences())
			.containsExactly(new FieldDifference(field, pointer, legacyValue, falconValue));
	}

	@Test
	void eachSidesResourceIsTakenAtItsOwnPointer() {
		ShadowComparison enveloped = spec("/result", "", List.of(), List.of());
		assertThat(compare(enveloped, "{\"ok\":true,\"result\":{\"id\":7}}", "{\"id\":7}").matches()).isTrue();
		assertThat(compare(enveloped, "{\"ok\":true,\"result\":{\"id\":7}}", "{\"id\":8}").differences())
			.containsExactly(new FieldDifference("/id", "/id", "7", "8"));
	}

	@Test
	void aResourceMissingOnOneSideIsADifferenceAtTheRootField() {
		ShadowComparison enveloped = spec("/result", "", List.of(), List.of());
		assertThat(compare(enveloped, "{\"ok\":false}", "{\"id\":7}").differences())
			.containsExactly(new FieldDifference("", "", ABSENT, "{\"id\":7}"));
		assertThat(compare(enveloped, "{\"ok\":false}", "{\"id\":7}").matches()).isFalse();
	}

	@Test
	void aResourceMissingOnBothSidesIsEqual() {
		ShadowComparison enveloped = spec("/result", "/data", List.of(), List.of());
		assertThat(compare(enveloped, "{\"ok\":false}", "{\"error\":1}").matches()).isTrue();
	}

	@Test
	void statusClassesAreComparedWhenTheRuleSaysSo() {
		assertThat(this.comparator.compare(WHOLE, answer(200, "{}"), answer(204, "{}")).matches()).isTrue();
		assertThat(this.comparator.compare(WHOLE, answer(200, "{}"), answer(404, "{}")).differences())
			.containsExactly(new FieldDifference("status", "status", "200", "404"));
		ShadowComparison noStatus = new ShadowComparison("", "", List.of(), List.of(), false);
		assertThat(this.comparator.compare(noStatus, answer(200, "{}"), answer(404, "{}")).matches()).isTrue();
	}

	@Test
	void ignoredPointersAreNotCompared() {
		ShadowComparison ignoring = spec("", "", List.of("/request_id", "/meta"), List.of());
		assertThat(
				compare(ignoring, "{\"request_id\":\"a\",\"meta\":{\"t\":1},\"n\":1}", "{\"request_id\":\"b\",\"n\":1}")
					.matches())
			.isTrue();
		assertThat(compare(ignoring, "{\"request_id\":\"a\",\"n\":1}", "{\"request_id\":\"b\",\"n\":2}").differences())
			.extracting(FieldDifference::pointer)
			.containsExactly("/n");
	}

	@Test
	void unorderedArraysCompareAsMultisetsAndReportWhatRemainsAtTheArray() {
		ShadowComparison members = spec("", "", List.of(), List.of("/members"));
		assertThat(compare(members, "{\"members\":[{\"id\":1},{\"id\":2},{\"id\":2}]}",
				"{\"members\":[{\"id\":2},{\"id\":1.0},{\"id\":2}]}")
			.matches()).isTrue();
		assertThat(compare(members, "{\"members\":[1,2,2,3]}", "{\"members\":[2,1,4,2]}").differences())
			.containsExactly(new FieldDifference("/members", "/members", "[3]", "[4]"));
		assertThat(compare(members, "{\"members\":[1,2,2]}", "{\"members\":[2,1]}").differences())
			.containsExactly(new FieldDifference("/members", "/members", "[2]", "[]"));
		// in order, the same arrays differ element by element
		assertThat(compare(WHOLE, "{\"members\":[1,2]}", "{\"members\":[2,1]}").differences()).hasSize(2);
	}

	@Test
	void ignoredPointersInsideUnorderedArraysAreLeftOutOfTheirElements() {
		ShadowComparison members = spec("", "", List.of("/members/0/seen", "/members/1/seen"), List.of("/members"));
		assertThat(compare(members, "{\"members\":[{\"id\":1,\"seen\":5},{\"id\":2,\"seen\":6}]}",
				"{\"members\":[{\"id\":2,\"seen\":9},{\"id\":1,\"seen\":8}]}")
			.matches()).isTrue();
	}

	@Test
	void fieldsDeeperThanTheCapEndInDoubleStar() {
		String deep = IntStream.range(0, 12).mapToObj((i) -> "{\"k\":").collect(Collectors.joining());
		String close = "}".repeat(12);
		FieldDifference difference = compare(WHOLE, deep + "1" + close, deep + "2" + close).differences().get(0);
		assertThat(difference.field()).isEqualTo("/k".repeat(AnswerComparator.MAX_FIELD_SEGMENTS) + "/**");
		assertThat(difference.pointer()).isEqualTo("/k".repeat(12));
	}

	@Test
	void valuesAreCutToTheirMaximum() {
		String longText = "x".repeat(1000);
		FieldDifference difference = compare(WHOLE, "{\"a\":\"" + longText + "\"}",
				"{\"a\":[" + "1,".repeat(500) + "1]}")
			.differences()
			.get(0);
		assertThat(difference.legacy()).hasSize(FieldDifference.MAX_VALUE_CHARS).startsWith("\"xxx").endsWith("…");
		assertThat(difference.falcon()).hasSize(FieldDifference.MAX_VALUE_CHARS).startsWith("[1,1,").endsWith("…");
	}

	@Test
	void atTheDifferenceCapItKeepsTheFirstOnesAndSaysItIsIncomplete() {
		AnswerComparator small = new AnswerComparator(10_000, 3);
		Comparison comparison = small.compare(WHOLE, answer(200, "[1,2,3,4,5]"), answer(200, "[6,7,8,9,10]"));
		assertThat(comparison.differences()).extracting(FieldDifference::pointer).containsExactly("/0", "/1", "/2");
		assertThat(comparison.complete()).isFalse();
		assertThat(small.compare(WHOLE, answer(200, "[1,2,3]"), answer(200, "[6,7,8]")).complete()).isTrue();
	}

	@Test
	void atTheNodeCapItStopsAndNeverClaimsAMatch() {
		AnswerComparator small = new AnswerComparator(50, 20);
		String big = "[" + "1,".repeat(99) + "1]";
		Comparison comparison = small.compare(WHOLE, answer(200, big), answer(200, big));
		assertThat(comparison.differences()).isEmpty();
		assertThat(comparison.complete()).isFalse();
		assertThat(comparison.matches()).isFalse();
		ShadowComparison unordered = spec("", "", List.of(), List.of(""));
		assertThat(small.compare(unordered, answer(200, big), answer(200, big)).matches()).isFalse();
		assertThat(new AnswerComparator(202, 20).compare(WHOLE, answer(200, big), answer(200, big)).matches()).isTrue();
	}

	@Test
	void ignoredPatternsWithWildcardsLeaveEveryMatchingPointerOut() {
		ShadowComparison ignoring = spec("", "", List.of("/**/updated_at", "/items/*/seen"), List.of());
		assertThat(compare(ignoring, "{\"updated_at\":1,\"r\":{\"updated_at\":2},\"items\":[{\"seen\":1,\"n\":1}]}",
				"{\"updated_at\":3,\"r\":{\"updated_at\":4},\"items\":[{\"seen\":2,\"n\":1}]}")
			.matches()).isTrue();
	}

	@Test
	void unorderedPatternsWithWildcardsApplyToEveryMatchingArray() {
		ShadowComparison rooms = spec("", "", List.of(), List.of("/rooms/*/members"));
		assertThat(compare(rooms, "{\"rooms\":[{\"members\":[1,2]},{\"members\":[3,4]}]}",
				"{\"rooms\":[{\"members\":[2,1]},{\"members\":[4,5]}]}")
			.differences()).containsExactly(new FieldDifference("/rooms/*/members", "/rooms/1/members", "[3]", "[5]"));
	}

	private Comparison compare(ShadowComparison spec, String legacy, String falcon) {
		return this.comparator.compare(spec, answer(200, legacy), answer(200, falcon));
	}

	static ShadowComparison spec(String legacy, String falcon, List<String> ignore, List<String> unordered) {
		return new ShadowComparison(legacy, falcon, ignore.stream().map(PointerPattern::compile).toList(),
				unordered.stream().map(PointerPattern::compile).toList(), true);
	}

	static Answer answer(int status, String body) {
		return new Answer(status, body.getBytes(StandardCharsets.UTF_8));
	}

}
