package io.aclgateway.shadow;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import io.aclgateway.routing.rules.ShadowRule;
import io.aclgateway.routing.rules.ShadowSection;
import io.aclgateway.shadow.compare.FieldDifference;
import io.aclgateway.shadow.compare.MismatchBound;
import io.aclgateway.shadow.compare.ShadowOutcome;

/**
 * Counts every shadow comparison (shadow.md section 3): the metrics
 * {@code acl_shadow_requests_total{rule, outcome}} and
 * {@code acl_shadow_field_mismatches_total{rule, field}}, and per rule, in bounded
 * memory, what {@code /actuator/shadow} shows. Never blocks: counting is atomic
 * arithmetic, and a lock is taken only the first time a rule or one of its (at most
 * {@value #MAX_FIELDS_PER_RULE}) fields is seen.
 */
final class ShadowReport implements ShadowResults {

	/**
	 * Distinct fields counted per rule, in the metric and in the view; the rest count as
	 * {@value #OTHER_FIELD}, so that a strange body cannot make thousands of series.
	 */
	static final int MAX_FIELDS_PER_RULE = 50;

	/**
	 * The field tag of the fields beyond a rule's first {@value #MAX_FIELDS_PER_RULE}.
	 */
	static final String OTHER_FIELD = "other";

	/** Fields listed per rule in the view. */
	static final int TOP_FIELDS = 10;

	/** Mismatches kept per rule as examples. */
	static final int RECENT_MISMATCHES = 10;

	/** Differing pointers kept per example. */
	static final int DIFFERENCES_PER_EXAMPLE = 10;

	static final int MAX_POINTER_CHARS = 128;

	static final int MAX_PATH_CHARS = 256;

	static final int MAX_METHOD_CHARS = 16;

	/**
	 * The outcomes that compared two answers and speak about Falcon: the mismatch rate's
	 * denominator. A {@code lagging} comparison is left out because its recheck is
	 * counted as a comparison of its own ({@code converged}, or {@code mismatch} again);
	 * {@code falcon_error} and {@code skipped} compared nothing.
	 */
	static final Set<ShadowOutcome> COMPARED = Set.of(ShadowOutcome.MATCH, ShadowOutcome.MISMATCH, ShadowOutcome.NOISE,
			ShadowOutcome.CONVERGED);

	private static final ShadowOutcome[] OUTCOMES = ShadowOutcome.values();

	private final MeterRegistry meters;

	private final Supplier<ShadowSection> inForce;

	private final Clock clock;

	/**
	 * Rules stay until restart, also once they left the file: the evidence a release
	 * manager gathered does not vanish with an edit, and the names are bounded by the
	 * file's edits.
	 */
	private final ConcurrentMap<String, RuleTally> rules = new ConcurrentHashMap<>();

	/** The shadow section whose rules have their series; compared by identity. */
	private volatile @Nullable ShadowSection registered;

	ShadowReport(MeterRegistry meters, Supplier<ShadowSection> inForce, Clock clock) {
		this.meters = meters;
		this.inForce = inForce;
		this.clock = clock;
		registerRulesInForce();
	}

	@Override
	public void record(ShadowResult result) {
		registerRulesInForce();
		tally(result.rule()).count(result);
	}

	/** This pod's comparisons per rule: the rules in force first, in the file's order. */
	ShadowView view() {
		ShadowSection section = registerRulesInForce();
		Set<String> names = new LinkedHashSet<>();
		section.rules().forEach(rule -> names.add(rule.name()));
		Set<String> current = Set.copyOf(names);
		rules.keySet().stream().sorted().forEach(names::add);
		List<ShadowView.RuleView> views = new ArrayList<>();
		for (String name : names) {
			RuleTally rule = rules.get(name);
			if (rule != null) {
				views.add(rule.view(current.contains(name)));
			}
		}
		return new ShadowView(clock.instant(), views);
	}

	/**
	 * Every outcome series of every rule in force exists at 0 from the rule's first sight
	 * (start-up, the first comparison or view after a reload), so that {@code rate()} and
	 * the alert see a rule's first mismatch.
	 */
	private ShadowSection registerRulesInForce() {
		ShadowSection section = inForce.get();
		if (section != registered) {
			for (ShadowRule rule : section.rules()) {
				tally(rule.name());
			}
			registered = section;
		}
		return section;
	}

	private RuleTally tally(String rule) {
		RuleTally known = rules.get(rule);
		return (known != null) ? known : rules.computeIfAbsent(rule, RuleTally::new);
	}

	private static String cut(String text, int max) {
		return (text.length() <= max) ? text : text.substring(0, max);
	}

	/** The path as the view may show it: never the query or a fragment. */
	static String pathOnly(String path) {
		int end = path.length();
		int query = path.indexOf('?');
		int fragment = path.indexOf('#');
		if (query >= 0) {
			end = query;
		}
		if (fragment >= 0 && fragment < end) {
			end = fragment;
		}
		return cut(path.substring(0, end), MAX_PATH_CHARS);
	}

	/** One rule's counts, fields and examples. */
	private final class RuleTally {

		private final String name;

		private final Instant since;

		private final AtomicLongArray outcomes = new AtomicLongArray(OUTCOMES.length);

		private final Counter[] counters = new Counter[OUTCOMES.length];

		private final FieldTallies differing;

		private final FieldTallies noise;

		private final AtomicReferenceArray<ShadowView.@Nullable Mismatch> recent = new AtomicReferenceArray<>(
				RECENT_MISMATCHES);

		private final AtomicLong written = new AtomicLong();

		RuleTally(String name) {
			this.name = name;
			this.since = clock.instant();
			for (ShadowOutcome outcome : OUTCOMES) {
				counters[outcome.ordinal()] = Counter.builder("acl.shadow.requests")
					.description("Shadow comparisons, by shadow rule and outcome (shadow.md section 2)")
					.tag("rule", name)
					.tag("outcome", outcome.wireName())
					.register(meters);
			}
			this.differing = new FieldTallies(field -> Counter.builder("acl.shadow.field.mismatches")
				.description("Mismatch comparisons a field differed in, by shadow rule and field pattern")
				.tag("rule", name)
				.tag("field", field)
				.register(meters));
			// Noise is shown, not alerted on: no series.
			this.noise = new FieldTallies(field -> null);
		}

		void count(ShadowResult result) {
			int index = result.outcome().ordinal();
			outcomes.incrementAndGet(index);
			counters[index].increment();
			switch (result.outcome()) {
				case MISMATCH -> {
					fields(result).forEach(differing::count);
					remember(result);
				}
				case NOISE -> fields(result).forEach(noise::count);
				// A lagging difference is explained by events on their way to legacy;
				// its recheck says whether Falcon was wrong.
				case MATCH, LAGGING, CONVERGED, FALCON_ERROR, SKIPPED -> {
				}
			}
		}

		/** Each field once per comparison, however many array items differ in it. */
		private Set<String> fields(ShadowResult result) {
			Set<String> fields = new LinkedHashSet<>();
			result.differences().forEach(difference -> fields.add(difference.field()));
			return fields;
		}

		private void remember(ShadowResult result) {
			List<ShadowView.Difference> differences = result.differences()
				.stream()
				.limit(DIFFERENCES_PER_EXAMPLE)
				.map(RuleTally::shown)
				.toList();
			ShadowView.Mismatch example = new ShadowView.Mismatch(clock.instant(),
					cut(result.method(), MAX_METHOD_CHARS), pathOnly(result.path()), differences);
			long slot = written.getAndIncrement();
			recent.set((int) (slot % RECENT_MISMATCHES), example);
		}

		private static ShadowView.Difference shown(FieldDifference difference) {
			return new ShadowView.Difference(cut(difference.pointer(), MAX_POINTER_CHARS),
					cut(difference.legacy(), FieldDifference.MAX_VALUE_CHARS),
					cut(difference.falcon(), FieldDifference.MAX_VALUE_CHARS));
		}

		ShadowView.RuleView view(boolean inForce) {
			Map<String, Long> byOutcome = new LinkedHashMap<>();
			long compared = 0;
			long mismatches = 0;
			for (ShadowOutcome outcome : OUTCOMES) {
				long count = outcomes.get(outcome.ordinal());
				byOutcome.put(outcome.wireName(), count);
				if (COMPARED.contains(outcome)) {
					compared += count;
				}
				if (outcome == ShadowOutcome.MISMATCH) {
					mismatches = count;
				}
			}
			return new ShadowView.RuleView(name, inForce, since, byOutcome, compared,
					(compared > 0) ? (double) mismatches / compared : null, MismatchBound.upper95(mismatches, compared),
					differing.top(), noise.top(), recentMismatches());
		}

		/** Newest first: the slots hold the last writes, in ring order. */
		private List<ShadowView.Mismatch> recentMismatches() {
			long last = written.get();
			List<ShadowView.Mismatch> newestFirst = new ArrayList<>();
			for (long slot = last - 1; slot >= Math.max(0, last - RECENT_MISMATCHES); slot--) {
				ShadowView.Mismatch example = recent.get((int) (slot % RECENT_MISMATCHES));
				if (example != null) {
					newestFirst.add(example);
				}
			}
			return newestFirst;
		}

	}

	/**
	 * Counts by field, at most {@link #MAX_FIELDS_PER_RULE} distinct ones and "other".
	 */
	private static final class FieldTallies {

		private final ConcurrentMap<String, FieldTally> byField = new ConcurrentHashMap<>();

		private final Function<String, @Nullable Counter> series;

		FieldTallies(Function<String, @Nullable Counter> series) {
			this.series = series;
		}

		void count(String field) {
			tallyFor(cut(field, MAX_POINTER_CHARS)).increment();
		}

		private FieldTally tallyFor(String field) {
			FieldTally known = byField.get(field);
			if (known != null) {
				return known;
			}
			FieldTally other = byField.get(OTHER_FIELD);
			if (other != null) {
				return other;
			}
			// Rare: the first sight of one of the first fields, or of the first beyond.
			synchronized (this) {
				known = byField.get(field);
				if (known != null) {
					return known;
				}
				String tag = (byField.containsKey(OTHER_FIELD) || byField.size() >= MAX_FIELDS_PER_RULE) ? OTHER_FIELD
						: field;
				return byField.computeIfAbsent(tag, name -> new FieldTally(name, series.apply(name)));
			}
		}

		List<ShadowView.FieldCount> top() {
			return byField.values()
				.stream()
				.map(tally -> new ShadowView.FieldCount(tally.field, tally.count.sum()))
				.sorted(Comparator.comparingLong(ShadowView.FieldCount::count)
					.reversed()
					.thenComparing(ShadowView.FieldCount::field))
				.limit(TOP_FIELDS)
				.toList();
		}

	}

	/** One field's count and series. */
	private static final class FieldTally {

		private final String field;

		private final LongAdder count = new LongAdder();

		private final @Nullable Counter counter;

		FieldTally(String field, @Nullable Counter counter) {
			this.field = field;
			this.counter = counter;
		}

		void increment() {
			count.increment();
			if (counter != null) {
				counter.increment();
			}
		}

	}

}
