package io.aclgateway.routing.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which raw paths mean one thing to everyone, and which are refused as ambiguous. */
class RequestPathTests {

	@ParameterizedTest
	@ValueSource(strings = { "/", "/v1/rooms", "/v1/rooms/", "/gateway.php", "/upload/a%20b.png", "/v1/%E2%9C%93",
			"/v1/rooms/42/messages", "/a.b/c..d/...", "/v1/~user" })
	void acceptsPlainPaths(String path) {
		assertThat(RequestPath.ambiguity(path)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "v1/rooms", "//upload", "/v1//rooms", "/v1/./rooms", "/v1/../upload", "/..", "/.",
			"/v1/%2e%2e/upload", "/v1/%2E/x", "/v1%2Fupload", "/v1%2fupload", "/v1%5Cupload", "/v1\\upload",
			"/upload;jsessionid=1", "/upload%3Bx", "/v1/%00", "/v1/\u0001", "/v1/\u007f" })
	void refusesPathsAnUpstreamMightReadDifferently(String path) {
		assertThat(RequestPath.ambiguity(path)).isNotNull();
	}

}
