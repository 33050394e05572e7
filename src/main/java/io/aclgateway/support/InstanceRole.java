package io.aclgateway.support;

/**
 * Which halves of acl-gateway one instance runs ({@code acl.role}), so that operators can
 * scale the proxy and the relay separately.
 */
public enum InstanceRole {

	/**
	 * The proxy, {@code POST /events} and, when brokers are configured, the Kafka intake.
	 */
	BOTH,

	/**
	 * The proxy and {@code POST /events}; never the Kafka intake, even with brokers
	 * configured.
	 */
	GATEWAY,

	/**
	 * Only the Kafka intake: the public port routes nothing and takes no
	 * {@code POST /events}; the management port stays.
	 */
	RELAY;

	/** The property that names the role. */
	public static final String KEY = "acl.role";

}
