package io.aclgateway.support;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Tells the management server's connections from the public server's, by the port the management
 * server was given (it may be chosen at random), so that each answers in its own dialect: the
 * gateway's own endpoints speak problem+json, the public port the legacy envelope unless the
 * request's target is known.
 */
public final class ManagementPort implements ApplicationListener<WebServerInitializedEvent> {

	private static final String NAMESPACE = "management";

	private volatile int port = -1;

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (NAMESPACE.equals(WebServerApplicationContext.getServerNamespace(event.getApplicationContext()))) {
			port = event.getWebServer().getPort();
		}
	}

	/** Whether a connection with this local address is one of the management server's. */
	public boolean isManagement(@Nullable SocketAddress local) {
		return local instanceof InetSocketAddress address && address.getPort() == port;
	}

	/** The dialect of the gateway's own answers on the server with this local address, when the target is unknown. */
	public ErrorDialect dialect(@Nullable SocketAddress local) {
		return isManagement(local) ? ErrorDialect.PROBLEM : ErrorDialect.LEGACY;
	}

}
