package io.aclgateway.routing.proxy;

import java.util.function.Supplier;

import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

import io.aclgateway.routing.client.Client;
import io.aclgateway.routing.client.ClientClassifier;
import io.aclgateway.routing.rules.RequestPath;
import io.aclgateway.routing.rules.RouteDecision;
import io.aclgateway.routing.rules.RoutingRules;

/**
 * The routing decision of each exchange, made once and kept on it: the client classified,
 * the path's one meaning read and the target decided from the rules in force when it
 * arrived, so that every route predicate and filter sees the same path and decision, even
 * if the rules change meanwhile.
 */
public class ExchangeDecisions {

	static final String DECISION_ATTRIBUTE = ExchangeDecisions.class.getName() + ".decision";

	private final ClientClassifier classifier;

	private final Supplier<RoutingRules> rulesInForce;

	public ExchangeDecisions(ClientClassifier classifier, Supplier<RoutingRules> rulesInForce) {
		this.classifier = classifier;
		this.rulesInForce = rulesInForce;
	}

	/**
	 * The exchange's routed request: the client, its path and where it goes; decided on
	 * first asking.
	 */
	public Routed of(ServerWebExchange exchange) {
		Routed routed = exchange.getAttribute(DECISION_ATTRIBUTE);
		if (routed == null) {
			routed = decide(exchange);
			exchange.getAttributes().put(DECISION_ATTRIBUTE, routed);
		}
		return routed;
	}

	private Routed decide(ServerWebExchange exchange) {
		RoutingRules rules = rulesInForce.get();
		HttpHeaders headers = exchange.getRequest().getHeaders();
		Client client = classifier.classify(headers::getFirst, rules.cohortHeaders());
		// The raw path as received: Reactor Netty and Spring leave its percent-encodings
		// and slashes alone.
		RequestPath path = RequestPath.of(exchange.getRequest().getURI().getRawPath());
		return new Routed(client, path, rules.decide(exchange.getRequest().getMethod().name(), path, client));
	}

	/**
	 * A classified client, its path and the decision made for it.
	 *
	 * @param client the classified client
	 * @param path the request path read for its one meaning; its normal form is what
	 * rules matched and the target receives
	 * @param decision where the request goes; {@code invalid_path} as rule when the path
	 * is refused
	 */
	public record Routed(Client client, RequestPath path, RouteDecision decision) {
	}

}
