package io.aclgateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;

/** The properties an integration test boots the gateway with, written once. */
public final class GatewayProperties {

	/** An address nothing listens on, for upstreams a test never reaches. */
	public static final String NOWHERE = "http://127.0.0.1:1";

	private GatewayProperties() {
	}

	/** Upstreams and a routing file; the file is written into {@code configDir}. */
	public static void routing(DynamicPropertyRegistry registry, Path configDir, String routingFile, String falconUri,
			String legacyUri) {
		try {
			Path routing = Files.writeString(configDir.resolve("routing.yml"), routingFile);
			registry.add("acl.routing.file", routing::toString);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		registry.add("acl.falcon.uri", () -> falconUri);
		registry.add("acl.legacy.uri", () -> legacyUri);
	}

	/** For event tests: everything to legacy, and no upstream is ever called. */
	public static void withoutUpstreams(DynamicPropertyRegistry registry, Path configDir) {
		routing(registry, configDir, "default: legacy\n", NOWHERE, NOWHERE);
	}

	/** {@code POST /events} into the given ElasticMQ queue, signed with {@link SignedEvents#SECRET}. */
	public static void events(DynamicPropertyRegistry registry, EmbeddedSqs sqs, String queueUrl) {
		EmbeddedSqs.useAsDefaultAwsEnvironment();
		registry.add("acl.events.queue-url", () -> queueUrl);
		registry.add("acl.sqs.endpoint", () -> sqs.endpoint().toString());
		registry.add("acl.events.signing-secrets", () -> SignedEvents.SECRET);
	}

}
