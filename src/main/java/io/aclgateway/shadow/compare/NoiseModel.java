package io.aclgateway.shadow.compare;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What one shadow rule has learned about its fields: how often legacy disagrees with
 * itself (from second legacy reads) and how often Falcon differs from legacy, per field;
 * a field is a Falcon difference only when its rate is clearly above its own noise
 * (relative and absolute margins, after Diffy). Safe to share between threads.
 * <p>
 * The rule, for each field a comparison finds different ({@link NoiseMargins} holds the
 * numbers): a field legacy has never varied in (or one beyond the tracked fields) is
 * significant; while fewer than {@code minNoiseSamples} noise samples are in, a field is
 * noise only if legacy varied in it in every sample so far; after that it is significant
 * when its Falcon rate exceeds its noise rate by more than {@code absolute} and by more
 * than {@code relative} of their sum.
 */
public final class NoiseModel {

	private final NoiseMargins margins;

	private final Map<String, Counts> fields = new HashMap<>();

	private long noiseSamples;

	private long comparisons;

	/** A model with {@link NoiseMargins#DEFAULTS}. */
	public NoiseModel() {
		this(NoiseMargins.DEFAULTS);
	}

	public NoiseModel(NoiseMargins margins) {
		this.margins = margins;
	}

	/**
	 * Learns from a comparison of two legacy answers to the same request; one the budget
	 * cut short is left out, since the fields after the cut were not looked at.
	 */
	public synchronized void learnNoise(Comparison legacyWithItself) {
		if (!legacyWithItself.complete()) {
			return;
		}
		this.noiseSamples++;
		for (String field : fieldsOf(legacyWithItself)) {
			Counts counts = counts(field);
			if (counts != null) {
				counts.noise++;
			}
		}
	}

	/**
	 * Learns from a legacy-to-Falcon comparison, and judges it: {@code MATCH} when
	 * nothing differs, {@code NOISE} when no differing field is significant,
	 * {@code MISMATCH} with the differences in significant fields otherwise, and
	 * {@code SKIPPED} (not counted) when the budget cut the comparison short before any
	 * difference was found.
	 */
	public synchronized Verdict judge(Comparison legacyWithFalcon) {
		List<FieldDifference> differences = legacyWithFalcon.differences();
		if (differences.isEmpty()) {
			if (!legacyWithFalcon.complete()) {
				return new Verdict(ShadowOutcome.SKIPPED, List.of());
			}
			this.comparisons++;
			return new Verdict(ShadowOutcome.MATCH, List.of());
		}
		this.comparisons++;
		Set<String> differing = fieldsOf(legacyWithFalcon);
		for (String field : differing) {
			Counts counts = counts(field);
			if (counts != null) {
				counts.falcon++;
			}
		}
		List<FieldDifference> significant = new ArrayList<>();
		for (FieldDifference difference : differences) {
			if (significant(difference.field())) {
				significant.add(difference);
			}
		}
		return new Verdict(significant.isEmpty() ? ShadowOutcome.NOISE : ShadowOutcome.MISMATCH, significant);
	}

	/**
	 * The share of noise samples in which legacy varied in the field (0 when unknown).
	 */
	public synchronized double noiseRate(String field) {
		Counts counts = this.fields.get(field);
		return (counts == null || this.noiseSamples == 0) ? 0 : (double) counts.noise / this.noiseSamples;
	}

	/** The share of judged comparisons in which Falcon differed in the field. */
	public synchronized double falconRate(String field) {
		Counts counts = this.fields.get(field);
		return (counts == null || this.comparisons == 0) ? 0 : (double) counts.falcon / this.comparisons;
	}

	/** The noise samples learned from. */
	public synchronized long noiseSamples() {
		return this.noiseSamples;
	}

	private boolean significant(String field) {
		Counts counts = this.fields.get(field);
		if (counts == null || counts.noise == 0) {
			return true;
		}
		if (this.noiseSamples < this.margins.minNoiseSamples()) {
			return counts.noise < this.noiseSamples;
		}
		double noise = (double) counts.noise / this.noiseSamples;
		double falcon = (double) counts.falcon / this.comparisons;
		double above = falcon - noise;
		return above > this.margins.absolute() && above / (falcon + noise) > this.margins.relative();
	}

	/** The field's counts, or null once the rule tracks as many fields as it may. */
	private @Nullable Counts counts(String field) {
		Counts counts = this.fields.get(field);
		if (counts == null && this.fields.size() < this.margins.maxFields()) {
			counts = new Counts();
			this.fields.put(field, counts);
		}
		return counts;
	}

	private static Set<String> fieldsOf(Comparison comparison) {
		Set<String> fields = new LinkedHashSet<>();
		comparison.differences().forEach((difference) -> fields.add(difference.field()));
		return fields;
	}

	/**
	 * One field's counts: in how many noise samples and Falcon comparisons it differed.
	 */
	private static final class Counts {

		private long noise;

		private long falcon;

	}

}
