package io.aclgateway.testing;

import java.util.List;
import java.util.Set;

import io.aclgateway.relay.contract.FalconEvent;
import io.aclgateway.relay.translation.LegacyMessage;
import io.aclgateway.relay.translation.LegacyTranslator;

/**
 * A translator with a bug, standing in for the real one: it drops the required
 * {@code aid} from every legacy message of the events whose id it is given, and
 * translates every other event as the real one does. What the relay's legacy-schema check
 * must keep from the legacy consumers.
 */
public final class MistranslatingTranslator extends LegacyTranslator {

	private final Set<String> eventIds;

	public MistranslatingTranslator(Set<String> eventIds) {
		this.eventIds = Set.copyOf(eventIds);
	}

	@Override
	public List<LegacyMessage> translate(FalconEvent event) {
		List<LegacyMessage> messages = super.translate(event);
		if (!eventIds.contains(event.meta().id())) {
			return messages;
		}
		return messages.stream()
			.map(message -> new LegacyMessage(message.cmd(), message.eid(), message.roomId(),
					withoutAid(message.body()), message.attributes()))
			.toList();
	}

	private static String withoutAid(String body) {
		String dropped = body.replaceFirst(",\"aid\":[0-9]+", "");
		if (dropped.equals(body)) {
			throw new IllegalStateException("no aid to drop in " + body);
		}
		return dropped;
	}

}
