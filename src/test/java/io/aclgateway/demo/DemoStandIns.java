package io.aclgateway.demo;

import com.github.tomakehurst.wiremock.WireMockServer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * What the demo's stand-ins for Falcon and legacy answer: any request with its method and
 * path (in legacy's envelope for legacy), and two read endpoints that the demo's shadow
 * rule compares (config/routing.yml, {@code shadow}). On those both sides add a random
 * {@code request_id}, which legacy varies in itself (noise), and Falcon differs from
 * legacy in one field of one endpoint: a room's {@code name} is lower case.
 */
final class DemoStandIns {

	/**
	 * A new value on every answer: what the shadow comparison learns as legacy's noise.
	 */
	private static final String REQUEST_ID = "{{randomValue length=16 type='ALPHANUMERIC'}}";

	private static final String ROOM_ID = "{{request.pathSegments.[2]}}";

	private static final String ROOM = "/v1/rooms/[0-9]+";

	private static final String MEMBERS = "/v1/rooms/[0-9]+/members";

	private static final String MEMBER_LIST = "[{\"account_id\":7,\"role\":\"admin\"},{\"account_id\":8,\"role\":\"member\"}]";

	private DemoStandIns() {
	}

	/** Falcon: the resource itself. */
	static void falcon(WireMockServer falcon) {
		echo(falcon, "{\"backend\":\"falcon\",\"method\":\"{{request.method}}\",\"path\":\"{{request.path}}\"}");
		json(falcon, ROOM, "{\"room_id\":" + ROOM_ID
				+ ",\"name\":\"general\",\"topic\":\"Release planning\",\"request_id\":\"" + REQUEST_ID + "\"}");
		json(falcon, MEMBERS,
				"{\"room_id\":" + ROOM_ID + ",\"members\":" + MEMBER_LIST + ",\"request_id\":\"" + REQUEST_ID + "\"}");
	}

	/** Legacy: the resource in its envelope, under {@code result}. */
	static void legacy(WireMockServer legacy) {
		echo(legacy,
				envelope("{\"backend\":\"legacy\",\"method\":\"{{request.method}}\",\"path\":\"{{request.path}}\"}"));
		json(legacy, ROOM, envelope("{\"room_id\":" + ROOM_ID
				+ ",\"name\":\"General\",\"topic\":\"Release planning\",\"request_id\":\"" + REQUEST_ID + "\"}"));
		json(legacy, MEMBERS, envelope(
				"{\"room_id\":" + ROOM_ID + ",\"members\":" + MEMBER_LIST + ",\"request_id\":\"" + REQUEST_ID + "\"}"));
	}

	private static String envelope(String result) {
		return "{\"status\":{\"success\":true},\"result\":" + result + "}";
	}

	private static void echo(WireMockServer server, String body) {
		server.stubFor(any(anyUrl()).atPriority(10)
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody(body)
				.withTransformers("response-template")));
	}

	private static void json(WireMockServer server, String path, String body) {
		server.stubFor(get(urlPathMatching(path)).atPriority(1)
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody(body)
				.withTransformers("response-template")));
	}

}
