package io.aclgateway.architecture;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * BlockHound is installed in every integration-test JVM (blockhound-junit-platform), so a
 * blocking call on an event loop or parallel thread anywhere in those tests fails them.
 * This proves it is really there: without it, the sleep below would simply pass.
 */
class BlockHoundIntegrationTests {

	@Test
	void aBlockingCallOnANonBlockingThreadFails() {
		assertThatThrownBy(() -> Mono.delay(Duration.ofMillis(1), Schedulers.parallel())
			.doOnNext(tick -> sleep())
			.block(Duration.ofSeconds(5))).hasStackTraceContaining(BlockingOperationError.class.getName())
			.hasStackTraceContaining("Blocking call!");
	}

	private static void sleep() {
		try {
			Thread.sleep(10);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
