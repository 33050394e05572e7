package io.aclgateway.routing.reload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aclgateway.routing.rules.Mode;
import io.aclgateway.routing.rules.RoutingFileParser;
import io.aclgateway.routing.rules.Target;
import io.aclgateway.testing.MovingClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The routing file's changes reach the rules in force whole or not at all, each check
 * triggered directly on a fixed clock: nothing here waits for the poller.
 */
class RoutingFileWatcherTests {

	private static final Instant START = Instant.parse("2026-11-30T10:00:00Z");

	private static final String FALCON_ONLY = "mode: falcon-only\ndefault: legacy\n";

	private static final String LEGACY_ONLY = "mode: legacy-only\ndefault: legacy\n";

	private static final String INVALID = "mode: sideways\ndefault: nowhere\n";

	@TempDir
	Path dir;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final MovingClock clock = new MovingClock(START);

	private Path file() {
		return dir.resolve("routing.yml");
	}

	private void write(String content) throws IOException {
		Files.writeString(file(), content, StandardCharsets.UTF_8);
	}

	private RoutingFileWatcher watcher() {
		return new RoutingFileWatcher(new RoutingProperties(file(), false, Duration.ofSeconds(1)),
				new RoutingFileParser(), meters, clock);
	}

	private void later(Duration by) {
		clock.advance(by);
	}

	private double reloads(String outcome) {
		return meters.get("acl.routing.reloads").tag("outcome", outcome).counter().count();
	}

	@Test
	void readsTheFileAtStartUp() throws IOException {
		write(FALCON_ONLY);

		LiveRoutingRules live = watcher().live();

		assertThat(live.rules().mode()).isEqualTo(Mode.FALCON_ONLY);
		assertThat(live.snapshot().loadedAt()).isEqualTo(START);
		assertThat(live.lastRejection()).isNull();
	}

	@Test
	void aMissingFileAtStartUpSendsEveryoneToLegacy() {
		LiveRoutingRules live = watcher().live();

		assertThat(live.rules().defaultTarget()).isEqualTo(Target.LEGACY);
		assertThat(live.rules().version()).isEqualTo("none");
	}

	@Test
	void anInvalidFileStopsTheStartNamingEachProblem() throws IOException {
		write(INVALID);

		assertThatIllegalStateException().isThrownBy(this::watcher)
			.withMessageContaining("is invalid, so the gateway will not start")
			.withMessageContaining("mode")
			.withMessageContaining("default");
	}

	@Test
	void anUnreadableFileStopsTheStartRatherThanMeaningEveryoneToLegacy() throws IOException {
		Files.createDirectory(file());

		assertThatIllegalStateException().isThrownBy(this::watcher).withMessageContaining("cannot be read");
	}

	@Test
	void appliesAChangedFileOnTheNextCheckAtTheClocksTime() throws IOException {
		write(FALCON_ONLY);
		RoutingFileWatcher watcher = watcher();
		write(LEGACY_ONLY);
		later(Duration.ofSeconds(3));

		watcher.check();

		assertThat(watcher.live().rules().mode()).isEqualTo(Mode.LEGACY_ONLY);
		assertThat(watcher.live().snapshot().loadedAt()).isEqualTo(START.plusSeconds(3));
		assertThat(reloads("applied")).isEqualTo(1);
	}

	@Test
	void anUnchangedFileIsNotAppliedAgain() throws IOException {
		write(FALCON_ONLY);
		RoutingFileWatcher watcher = watcher();
		later(Duration.ofSeconds(3));

		watcher.check();
		watcher.check();

		assertThat(watcher.live().snapshot().loadedAt()).isEqualTo(START);
		assertThat(reloads("applied")).isZero();
	}

	@Test
	void anInvalidChangeIsRejectedWholeAndTheRulesInForceStay() throws IOException {
		write(FALCON_ONLY);
		RoutingFileWatcher watcher = watcher();
		String version = watcher.live().rules().version();
		write(INVALID);
		later(Duration.ofSeconds(2));

		watcher.check();
		watcher.check();

		assertThat(watcher.live().rules().version()).isEqualTo(version);
		assertThat(watcher.live().lastRejection()).isNotNull().satisfies(rejection -> {
			assertThat(rejection.at()).isEqualTo(START.plusSeconds(2));
			assertThat(rejection.problems()).anySatisfy(problem -> assertThat(problem).startsWith("mode"));
			assertThat(rejection.supersededBy()).isNull();
		});
		assertThat(reloads("rejected")).as("once per change, not per check").isEqualTo(1);
	}

	@Test
	void aValidFileAfterARejectionSupersedesIt() throws IOException {
		write(FALCON_ONLY);
		RoutingFileWatcher watcher = watcher();
		write(INVALID);
		watcher.check();
		write(LEGACY_ONLY);
		later(Duration.ofSeconds(5));

		watcher.check();

		assertThat(watcher.live().lastRejection()).isNotNull().satisfies(rejection -> {
			assertThat(rejection.supersededBy()).isEqualTo(watcher.live().rules().version());
			assertThat(rejection.supersededAt()).isEqualTo(START.plusSeconds(5));
		});
	}

	@Test
	void aFileThatDisappearsLeavesTheRulesInForceAndIsAppliedAgainWhenBack() throws IOException {
		write(FALCON_ONLY);
		RoutingFileWatcher watcher = watcher();
		Files.delete(file());

		watcher.check();
		assertThat(watcher.live().rules().mode()).isEqualTo(Mode.FALCON_ONLY);

		write(FALCON_ONLY);
		later(Duration.ofSeconds(1));
		watcher.check();
		assertThat(watcher.live().snapshot().loadedAt()).isEqualTo(START.plusSeconds(1));
		assertThat(reloads("rejected")).isZero();
	}

	@Test
	void aFileThatCannotBeReadIsOneRejectionPerSpellAndIsAppliedAfreshWhenReadableAgain() throws IOException {
		write(FALCON_ONLY);
		RoutingFileWatcher watcher = watcher();
		Files.delete(file());
		Files.createDirectory(file());

		watcher.check();
		watcher.check();

		assertThat(reloads("rejected")).isEqualTo(1);
		assertThat(watcher.live().lastRejection().problems()).singleElement()
			.satisfies(problem -> assertThat(problem).startsWith("file: cannot be read"));
		assertThat(watcher.live().rules().mode()).isEqualTo(Mode.FALCON_ONLY);

		Files.delete(file());
		write(FALCON_ONLY);
		watcher.check();

		assertThat(reloads("applied")).as("unchanged, yet applied, so the rejection is superseded").isEqualTo(1);
		assertThat(watcher.live().lastRejection().supersededBy()).isNotNull();
	}

}
