package io.aclgateway.support;

import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.AbstractHandlerMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;

/**
 * The management server runs in a child context whose server factory is a bare copy of
 * the public one's class: the public server's {@code NettyServerCustomizer}s and error
 * handler do not reach it. It gets the same read timeout and early answers here, and
 * answers everything in problem+json, as the gateway's own endpoints do.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
class ManagementServerConfiguration {

	/**
	 * The public server's read timeout, header deadline, lingering close and codec
	 * answers (in problem+json, not counted as the proxy's), on this one too.
	 */
	@Bean
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> managementServerCustomizer(
			ClientConnectionProperties server) {
		return factory -> factory.addServerCustomizers(http -> http.readTimeout(server.readTimeout()),
				SupportConfiguration.earlyAnswers(server, ErrorDialect.PROBLEM, CodecAnswers.NONE));
	}

	/**
	 * Every path the actuator does not serve is 404 here. The management context inherits
	 * the public context's handler mappings: without this it forwards such paths to an
	 * upstream (the gateway's own guard compares the port with
	 * {@code management.server.port} and did not stand aside in tests, even for a fixed
	 * port), and {@code POST /events} (a router function, -1) takes events. Ordered right
	 * after the actuator's mappings (-100), before every inherited one.
	 */
	@Bean
	HandlerMapping managementNotFound() {
		WebHandler notFound = exchange -> Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND));
		AbstractHandlerMapping mapping = new AbstractHandlerMapping() {
			@Override
			protected Mono<?> getHandlerInternal(ServerWebExchange exchange) {
				return Mono.just(notFound);
			}
		};
		mapping.setOrder(-99);
		return mapping;
	}

	/**
	 * 404, 405 and unanswered errors of the management port in problem+json, not Boot's
	 * error JSON.
	 */
	@Bean
	ErrorAnswers managementErrorAnswers() {
		return new ErrorAnswers(exchange -> ErrorDialect.PROBLEM, ErrorAnswers.MANAGEMENT_ORDER);
	}

}
