package io.aclgateway.routing.proxy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Per-path limits and timeouts are matched against a request path's normal form, so a
 * pattern spelled otherwise would silently never apply: it stops the start, naming the
 * key and the form to write.
 */
class UpstreamsPropertiesTests {

	@Test
	void acceptsPathPatternsInNormalForm() {
		UpstreamsProperties.Upstream upstream = upstream(Map.of("/v1/poll/**", Duration.ofSeconds(90)),
				Map.of("/v1/files/caf%C3%A9/**", DataSize.ofMegabytes(64)));

		assertThat(upstream.maxRequestSizes()).containsKey("/v1/files/caf%C3%A9/**");
	}

	@ParameterizedTest
	@CsvSource({ "/v1/%66iles/**, /v1/files/**", "/v1/caf%c3%a9, /v1/caf%C3%A9", "//v1/files/**, /v1/files/**" })
	void refusesAPerPathLimitNotInNormalFormNamingTheKeyAndTheFormToWrite(String pattern, String normal) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> upstream(Map.of(), Map.of(pattern, DataSize.ofMegabytes(64))))
			.withMessageContaining("max-request-sizes[" + pattern + "]")
			.withMessageContaining("write it '" + normal + "'");
	}

	@Test
	void refusesAPerPathTimeoutWithoutOneMeaning() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> upstream(Map.of("/v1/../poll/**", Duration.ofSeconds(90)), Map.of()))
			.withMessageContaining("response-timeouts[/v1/../poll/**]")
			.withMessageContaining("no single meaning");
	}

	private static UpstreamsProperties.Upstream upstream(Map<String, Duration> responseTimeouts,
			Map<String, DataSize> maxRequestSizes) {
		return new UpstreamsProperties.Upstream(URI.create("http://legacy:8080"), Duration.ofSeconds(2),
				Duration.ofSeconds(15), responseTimeouts, DataSize.ofMegabytes(256), maxRequestSizes, 500, 1000,
				Duration.ofMinutes(5), true, null);
	}

}
