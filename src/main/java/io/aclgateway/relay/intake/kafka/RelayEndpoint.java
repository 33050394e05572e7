package io.aclgateway.relay.intake.kafka;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/relay}: this replica's partitions, the rooms furthest behind, the held
 * rooms and the releases in force. Read-only: rooms are released in the release file.
 */
@Endpoint(id = "relay")
public class RelayEndpoint {

	private final KafkaIntake intake;

	RelayEndpoint(KafkaIntake intake) {
		this.intake = intake;
	}

	@ReadOperation
	public RelayView relay() {
		return intake.view();
	}

}
