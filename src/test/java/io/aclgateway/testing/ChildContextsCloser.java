package io.aclgateway.testing;

import java.util.ArrayList;
import java.util.List;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ApplicationContextEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.ContextRefreshedEvent;

/**
 * Closes a test gateway's child contexts (the management server's) when the gateway's
 * context closes. Spring's test context cache pauses a context between test classes
 * (stops it) and closes it later, when it is evicted; Boot closes the management context
 * from its lifecycle callback, which a stopped context never gets again, so every evicted
 * gateway left its management context, server and the whole parent behind (91 contexts
 * held in a 320 MiB test JVM by the middle of the run).
 */
final class ChildContextsCloser implements ApplicationListener<ApplicationContextEvent> {

	private final ApplicationContext parent;

	private final List<ConfigurableApplicationContext> children = new ArrayList<>();

	ChildContextsCloser(ApplicationContext parent) {
		this.parent = parent;
	}

	@Override
	public void onApplicationEvent(ApplicationContextEvent event) {
		ApplicationContext source = event.getApplicationContext();
		// A child's events reach its parent's listeners too: that is how its refresh is
		// seen.
		if (event instanceof ContextRefreshedEvent && source.getParent() == this.parent
				&& source instanceof ConfigurableApplicationContext child && !this.children.contains(child)) {
			this.children.add(child);
		}
		else if (event instanceof ContextClosedEvent && source == this.parent) {
			this.children.forEach(ConfigurableApplicationContext::close);
			this.children.clear();
		}
	}

}
