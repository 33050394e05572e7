package io.aclgateway.routing.resilience;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Retries are capped at a share of the traffic, with a small reserve for a quiet gateway.
 */
class RetryBudgetTests {

	@Test
	void aQuietGatewayCanSpendItsReserveAndNoMore() {
		RetryBudget budget = new RetryBudget(0.2, 3);

		assertThat(budget.tryWithdraw()).isTrue();
		assertThat(budget.tryWithdraw()).isTrue();
		assertThat(budget.tryWithdraw()).isTrue();
		assertThat(budget.tryWithdraw()).isFalse();
	}

	@Test
	void eachRequestEarnsItsShareOfARetry() {
		RetryBudget budget = new RetryBudget(0.2, 1);
		budget.tryWithdraw();

		for (int request = 0; request < 4; request++) {
			budget.deposit();
			assertThat(budget.tryWithdraw()).as("after %d requests", request + 1).isFalse();
		}
		budget.deposit();

		assertThat(budget.tryWithdraw()).as("after 5 requests at 0.2").isTrue();
		assertThat(budget.tryWithdraw()).isFalse();
	}

	@Test
	void earningsNeverGrowPastTheReserve() {
		RetryBudget budget = new RetryBudget(1.0, 2);

		for (int request = 0; request < 100; request++) {
			budget.deposit();
		}

		assertThat(budget.tryWithdraw()).isTrue();
		assertThat(budget.tryWithdraw()).isTrue();
		assertThat(budget.tryWithdraw()).isFalse();
	}

	@Test
	void aZeroRatioWithNoReserveNeverRetries() {
		RetryBudget budget = new RetryBudget(0, 0);
		budget.deposit();

		assertThat(budget.tryWithdraw()).isFalse();
	}

	@Test
	void refusesARatioOutsideZeroToOneOrANegativeReserve() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RetryBudget(-0.1, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new RetryBudget(1.1, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new RetryBudget(0.2, -1));
	}

}
