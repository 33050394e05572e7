package io.aclgateway.routing.rules;

import java.util.Objects;

import io.aclgateway.routing.client.Client;

/**
 * What routing looks at in a request: method, the path's normal form
 * ({@link RequestPath}) and the classified client.
 */
public record RouteRequest(String method, String path, Client client) {

	public RouteRequest {
		Objects.requireNonNull(method, "method");
		Objects.requireNonNull(path, "path");
		Objects.requireNonNull(client, "client");
	}

}
