package io.aclgateway.shadow;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import io.aclgateway.relay.core.RoomActivity;
import io.aclgateway.routing.rules.ShadowComparison;
import io.aclgateway.routing.rules.ShadowRule;
import io.aclgateway.routing.rules.ShadowSection;
import io.aclgateway.shadow.compare.Answer;
import io.aclgateway.shadow.compare.Comparison;
import io.aclgateway.shadow.compare.FieldDifference;
import io.aclgateway.shadow.compare.NoiseModel;
import io.aclgateway.shadow.compare.ShadowOutcome;
import io.aclgateway.shadow.compare.Verdict;

/**
 * Runs shadow reads once legacy has answered the client: Falcon's read (and a second
 * legacy read for a noise sample), the comparison off the event loop on bounded work, the
 * verdict against the rule's noise, and for a difference in a room with events on their
 * way to legacy, the rechecks. Every shadow read ends in exactly one recorded outcome (a
 * recheck series in one more); nothing here fails a client's exchange or waits on one.
 */
final class Shadows {

	private static final Logger logger = LoggerFactory.getLogger(Shadows.class);

	private final ShadowLeg falcon;

	private final ShadowLeg legacy;

	private final BooleanSupplier falconCircuitOpen;

	private final AnswerComparing comparing;

	private final AnswerDecoding decoding;

	private final Scheduler comparisons;

	private final ShadowResults results;

	private final int bodyBudget;

	private final List<Duration> recheckDelays;

	private final int maxWaitingRechecks;

	private final AtomicInteger waitingRechecks = new AtomicInteger();

	/**
	 * One noise model per rule name: a reload that keeps a rule's name keeps what it
	 * learned. Names no longer in the section are forgotten when a section without them
	 * is seen.
	 */
	private final Map<String, NoiseModel> noiseModels = new ConcurrentHashMap<>();

	private volatile @Nullable ShadowSection modelsFor;

	Shadows(ShadowLeg falcon, ShadowLeg legacy, BooleanSupplier falconCircuitOpen, AnswerComparing comparing,
			AnswerDecoding decoding, Scheduler comparisons, ShadowResults results, ShadowProperties properties) {
		this.falcon = falcon;
		this.legacy = legacy;
		this.falconCircuitOpen = falconCircuitOpen;
		this.comparing = comparing;
		this.decoding = decoding;
		this.comparisons = comparisons;
		this.results = results;
		this.bodyBudget = properties.bodyBudget();
		this.recheckDelays = properties.recheckDelays();
		this.maxWaitingRechecks = properties.maxInFlight();
	}

	/**
	 * Starts the shadow read of a request whose answer the client has: subscribed on its
	 * own, never signalling back; an unexpected failure is logged and counted as skipped.
	 */
	void start(ShadowCase shadow, ShadowSection section) {
		forgetRemovedRules(section);
		Mono.defer(() -> run(shadow)).onErrorResume(error -> {
			logger.warn("shadow read of rule {} failed unexpectedly: {}", shadow.rule().name(), error.toString());
			return record(shadow, ShadowOutcome.SKIPPED, List.of());
		}).subscribeOn(Schedulers.parallel()).subscribe();
	}

	Mono<Void> run(ShadowCase shadow) {
		if (!(shadow.legacy() instanceof LegResult.Answered legacyAnswer) || !shadow.requestBodyUsable()
				|| falconCircuitOpen.getAsBoolean()) {
			return record(shadow, ShadowOutcome.SKIPPED, List.of());
		}
		Mono<Optional<LegResult>> second = shadow.noiseSample() && shadow.rule().repeatable()
				? legacy.read(shadow.request()).map(Optional::of) : Mono.just(Optional.empty());
		return Mono.zip(falcon.read(shadow.request()), second).flatMap(read -> {
			LegResult falconRead = read.getT1();
			ShadowOutcome failed = failure(falconRead);
			if (failed != null) {
				return record(shadow, failed, List.of());
			}
			LegResult.Answered falconAnswer = (LegResult.Answered) falconRead;
			LegResult.@Nullable Answered legacyAgain = read.getT2()
				.filter(LegResult.Answered.class::isInstance)
				.map(LegResult.Answered.class::cast)
				.filter(answer -> !answer.serverError())
				.orElse(null);
			return offLoop(() -> judge(shadow.rule(), legacyAnswer, legacyAgain, falconAnswer))
				.flatMap(judged -> conclude(shadow, judged))
				.onErrorResume(Shadows::notCompared, error -> record(shadow, ShadowOutcome.SKIPPED, List.of()));
		});
	}

	/** The outcome of a Falcon read that cannot be compared, or null when it can. */
	private static @Nullable ShadowOutcome failure(LegResult read) {
		if (read instanceof LegResult.Refused) {
			return ShadowOutcome.SKIPPED;
		}
		if (read instanceof LegResult.Failed) {
			return ShadowOutcome.FALCON_ERROR;
		}
		if (read instanceof LegResult.OverBudget over) {
			return (over.status() >= 500) ? ShadowOutcome.FALCON_ERROR : ShadowOutcome.SKIPPED;
		}
		return ((LegResult.Answered) read).serverError() ? ShadowOutcome.FALCON_ERROR : null;
	}

	private Judged judge(ShadowRule rule, LegResult.Answered legacyAnswer, LegResult.@Nullable Answered legacyAgain,
			LegResult.Answered falconAnswer) {
		NoiseModel noise = noiseModels.computeIfAbsent(rule.name(), name -> new NoiseModel());
		Answer first = decoded(legacyAnswer);
		if (legacyAgain != null) {
			ShadowComparison spec = rule.compare();
			ShadowComparison legacyWithItself = new ShadowComparison(spec.legacy(), spec.legacy(), spec.ignore(),
					spec.unordered(), spec.status());
			noise.learnNoise(comparing.compare(legacyWithItself, first, decoded(legacyAgain)));
		}
		Comparison comparison = comparing.compare(rule.compare(), first, decoded(falconAnswer));
		return new Judged(comparison, noise.judge(comparison));
	}

	private Answer decoded(LegResult.Answered answer) {
		return answer.answer(decoding.decode(answer.contentEncoding(), answer.body(), bodyBudget));
	}

	private Mono<Void> conclude(ShadowCase shadow, Judged judged) {
		Verdict verdict = judged.verdict();
		return switch (verdict.outcome()) {
			case MATCH -> record(shadow, ShadowOutcome.MATCH, List.of());
			case NOISE -> record(shadow, ShadowOutcome.NOISE, judged.comparison().differences());
			case MISMATCH -> mismatch(shadow, verdict);
			default -> record(shadow, verdict.outcome(), verdict.significant());
		};
	}

	/**
	 * A difference: lagging when the room was busy when legacy answered, then rechecked;
	 * skipped when its activity could not be told.
	 */
	private Mono<Void> mismatch(ShadowCase shadow, Verdict verdict) {
		RoomActivity.Activity activity = shadow.activity();
		if (activity == null || activity == RoomActivity.Activity.QUIET) {
			return record(shadow, ShadowOutcome.MISMATCH, verdict.significant());
		}
		if (activity == RoomActivity.Activity.UNKNOWN) {
			return record(shadow, ShadowOutcome.SKIPPED, List.of());
		}
		Mono<Void> lagging = record(shadow, ShadowOutcome.LAGGING, verdict.significant());
		// Legacy is the side that lags: a rule that may not ask it twice cannot see it
		// catch
		// up, and a reading of Falcon alone against the stale answer would never match.
		if (!shadow.rule().repeatable() || recheckDelays.isEmpty()) {
			return lagging;
		}
		if (waitingRechecks.incrementAndGet() > maxWaitingRechecks) {
			waitingRechecks.decrementAndGet();
			return lagging;
		}
		return lagging.then(recheck(shadow, 0).doFinally(signal -> waitingRechecks.decrementAndGet()));
	}

	/** Reads both sides again after the n-th delay; one outcome for the whole series. */
	private Mono<Void> recheck(ShadowCase shadow, int n) {
		return Mono.delay(recheckDelays.get(n)).then(Mono.defer(() -> {
			if (falconCircuitOpen.getAsBoolean()) {
				return record(shadow, ShadowOutcome.SKIPPED, List.of());
			}
			return Mono.zip(falcon.read(shadow.request()), legacy.read(shadow.request())).flatMap(read -> {
				ShadowOutcome failed = failure(read.getT1());
				if (failed != null) {
					return record(shadow, failed, List.of());
				}
				if (!(read.getT2() instanceof LegResult.Answered legacyAnswer) || legacyAnswer.serverError()) {
					return record(shadow, ShadowOutcome.SKIPPED, List.of());
				}
				LegResult.Answered falconAnswer = (LegResult.Answered) read.getT1();
				return offLoop(() -> judge(shadow.rule(), legacyAnswer, null, falconAnswer)).flatMap(judged -> {
					if (judged.verdict().outcome() != ShadowOutcome.MISMATCH) {
						return record(shadow, ShadowOutcome.CONVERGED, List.of());
					}
					if (n + 1 < recheckDelays.size()) {
						return recheck(shadow, n + 1);
					}
					return record(shadow, ShadowOutcome.MISMATCH, judged.verdict().significant());
				}).onErrorResume(Shadows::notCompared, error -> record(shadow, ShadowOutcome.SKIPPED, List.of()));
			});
		}));
	}

	/**
	 * Comparing work on the bounded comparison scheduler: decoding and walking two bodies
	 * is too long for an event loop. A full queue rejects the task (the caller skips).
	 */
	private <T> Mono<T> offLoop(java.util.concurrent.Callable<T> work) {
		return Mono.fromCallable(work).subscribeOn(comparisons);
	}

	/**
	 * The comparing queue was full, or a body could not be decoded: not compared, and
	 * expected, so not logged.
	 */
	private static boolean notCompared(Throwable error) {
		return error instanceof RejectedExecutionException || error instanceof AnswerDecoding.NotComparable;
	}

	private Mono<Void> record(ShadowCase shadow, ShadowOutcome outcome, List<FieldDifference> differences) {
		return Mono.fromRunnable(() -> results.record(new ShadowResult(shadow.rule().name(), outcome,
				shadow.request().method(), shadow.path(), differences)));
	}

	private void forgetRemovedRules(ShadowSection section) {
		if (modelsFor == section) {
			return;
		}
		modelsFor = section;
		Set<String> names = section.rules().stream().map(ShadowRule::name).collect(Collectors.toSet());
		noiseModels.keySet().retainAll(names);
	}

	/** A noise model per rule name, for tests. */
	@Nullable NoiseModel noiseModel(String rule) {
		return noiseModels.get(rule);
	}

	private record Judged(Comparison comparison, Verdict verdict) {
	}

}
