package io.aclgateway.shadow;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/shadow}: this pod's shadow comparisons per rule, the mismatch rate and
 * its bound, the fields that differ most and the last mismatches. Read-only.
 */
@Endpoint(id = "shadow")
public class ShadowEndpoint {

	private final ShadowReport report;

	ShadowEndpoint(ShadowReport report) {
		this.report = report;
	}

	@ReadOperation
	public ShadowView shadow() {
		return report.view();
	}

}
