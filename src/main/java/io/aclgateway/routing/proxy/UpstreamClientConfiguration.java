package io.aclgateway.routing.proxy;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The HTTP client the gateway reaches its upstreams with. */
@Configuration(proxyBeanMethods = false)
class UpstreamClientConfiguration {

	/**
	 * Replaces the gateway's own factory (it backs off when one exists) to size a
	 * connection pool per upstream from its bulkhead and stream limit.
	 */
	@Bean
	HttpClientFactory gatewayHttpClientFactory(HttpClientProperties properties, ServerProperties serverProperties,
			HttpClientSslConfigurer sslConfigurer, ObjectProvider<HttpClientCustomizer> customizers,
			UpstreamsProperties upstreams) {
		List<HttpClientCustomizer> ordered = customizers.orderedStream().toList();
		return new UpstreamConnectionPools(properties, serverProperties, sslConfigurer, ordered, upstreams);
	}

}
