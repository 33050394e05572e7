package io.aclgateway.routing.gateway;

import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

import io.aclgateway.routing.client.Client;
import io.aclgateway.routing.client.ClientClassifier;
import io.aclgateway.routing.rules.RouteDecision;
import io.aclgateway.routing.rules.RouteRequest;
import io.aclgateway.routing.rules.RoutingRules;

/**
 * Classifies an exchange and decides its target once; the result is kept on the exchange so that
 * every route predicate and filter sees the same decision, even if the rules change meanwhile.
 */
public class ExchangeRouter {

	static final String DECISION_ATTRIBUTE = ExchangeRouter.class.getName() + ".decision";

	private final ClientClassifier classifier;

	private final RoutingTable table;

	public ExchangeRouter(ClientClassifier classifier, RoutingTable table) {
		this.classifier = classifier;
		this.table = table;
	}

	/** The exchange's routed request: the client and where it goes. */
	public Routed route(ServerWebExchange exchange) {
		Routed routed = exchange.getAttribute(DECISION_ATTRIBUTE);
		if (routed == null) {
			routed = decide(exchange);
			exchange.getAttributes().put(DECISION_ATTRIBUTE, routed);
		}
		return routed;
	}

	private Routed decide(ServerWebExchange exchange) {
		RoutingRules rules = table.rules();
		HttpHeaders headers = exchange.getRequest().getHeaders();
		Client client = classifier.classify(headers::getFirst, rules.cohortHeaders());
		RouteRequest request = new RouteRequest(exchange.getRequest().getMethod().name(),
				exchange.getRequest().getURI().getRawPath(), client);
		return new Routed(client, rules.decide(request));
	}

	/** A classified client and the decision made for it. */
	public record Routed(Client client, RouteDecision decision) {
	}

}
