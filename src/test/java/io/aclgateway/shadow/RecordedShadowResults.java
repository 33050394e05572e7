package io.aclgateway.shadow;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.aclgateway.shadow.compare.ShadowOutcome;

/** Every shadow result recorded, for a booted gateway's tests to read. */
final class RecordedShadowResults implements ShadowResults {

	private final List<ShadowResult> results = new CopyOnWriteArrayList<>();

	@Override
	public void record(ShadowResult result) {
		results.add(result);
	}

	List<ShadowResult> forPath(String path) {
		return results.stream().filter(result -> result.path().equals(path)).toList();
	}

	List<ShadowOutcome> outcomes(String path) {
		return forPath(path).stream().map(ShadowResult::outcome).toList();
	}

	List<ShadowResult> all() {
		return List.copyOf(results);
	}

	void clear() {
		results.clear();
	}

}
