package io.aclgateway.support;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * nginx's {@code client_header_timeout}: a request head must be whole within
 * {@code acl.server.header-timeout} of its first byte, or it is answered 408 and the
 * connection closed. The read timeout only bounds the pause between two reads, so without
 * this a client sending one header byte just inside every pause holds a connection until
 * the header limit. Every request of a kept-alive connection gets its own deadline; a
 * head already read with the previous request's last bytes needs none. The pause between
 * reads of a body stays the read timeout's (nginx's {@code client_body_timeout} is that
 * too).
 *
 * <p>
 * One instance per connection, as two handlers: {@link #bytes()} before the HTTP codec
 * sees when the first byte of a head arrives, {@link #heads()} right after it sees the
 * head come out whole, the end of each request and of each answer. Everything runs on the
 * connection's event loop.
 */
final class HeaderDeadline {

	static final String BYTES_NAME = "acl.headerDeadline.bytes";

	static final String HEADS_NAME = "acl.headerDeadline.heads";

	static final String REQUEST_TIMEOUT = "request_timeout";

	private final long timeoutNanos;

	private final ErrorDialect dialect;

	private final Runnable answered;

	/** The next bytes read begin a request head (none of a head read yet). */
	private boolean awaitingHead = true;

	private @Nullable ScheduledFuture<?> timer;

	/** Requests read whose answer has not been written to its end. */
	private int unanswered;

	/**
	 * The deadline passed: nothing more is read, and the 408 is written once no other
	 * answer is.
	 */
	private boolean expired;

	/**
	 * The connection switched to another protocol (WebSocket): no more HTTP heads on it.
	 */
	private boolean upgraded;

	private @Nullable ChannelHandlerContext headsContext;

	/**
	 * @param timeout the most time from the first byte of a request head to the whole
	 * head
	 * @param dialect the dialect of the 408
	 * @param answered told of each 408 written (metrics)
	 */
	HeaderDeadline(Duration timeout, ErrorDialect dialect, Runnable answered) {
		this.timeoutNanos = timeout.toNanos();
		this.dialect = dialect;
		this.answered = answered;
	}

	/** The handler before the HTTP codec. */
	ChannelHandler bytes() {
		return new ChannelInboundHandlerAdapter() {
			@Override
			public void channelRead(ChannelHandlerContext ctx, Object msg) {
				if (expired) {
					ReferenceCountUtil.release(msg);
					return;
				}
				if (awaitingHead && !upgraded && timer == null && msg instanceof ByteBuf bytes && bytes.isReadable()) {
					timer = ctx.executor().schedule(HeaderDeadline.this::expire, timeoutNanos, TimeUnit.NANOSECONDS);
				}
				ctx.fireChannelRead(msg);
			}

			@Override
			public void handlerRemoved(ChannelHandlerContext ctx) {
				cancel();
			}

			@Override
			public void channelInactive(ChannelHandlerContext ctx) {
				cancel();
				ctx.fireChannelInactive();
			}
		};
	}

	/** The handler right after the HTTP codec. */
	ChannelHandler heads() {
		return new ChannelDuplexHandler() {
			@Override
			public void handlerAdded(ChannelHandlerContext ctx) {
				headsContext = ctx;
			}

			@Override
			public void channelRead(ChannelHandlerContext ctx, Object msg) {
				if (msg instanceof HttpRequest) {
					cancel();
					awaitingHead = false;
					unanswered++;
				}
				if (msg instanceof LastHttpContent) {
					awaitingHead = true;
				}
				ctx.fireChannelRead(msg);
			}

			@Override
			public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
				if (msg instanceof HttpResponse response
						&& response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
					upgraded = true;
					cancel();
				}
				boolean interim = msg instanceof HttpResponse response
						&& response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
				boolean ended = msg instanceof LastHttpContent && !interim && unanswered > 0;
				ctx.write(msg, promise);
				if (ended && --unanswered == 0 && expired) {
					answer(ctx);
				}
			}
		};
	}

	private void expire() {
		timer = null;
		if (!awaitingHead || upgraded || expired) {
			return;
		}
		expired = true;
		ChannelHandlerContext ctx = headsContext;
		if (unanswered == 0 && ctx != null) {
			answer(ctx);
		}
		// Otherwise an earlier request is still being answered: the 408 follows its
		// answer.
	}

	private void answer(ChannelHandlerContext ctx) {
		answered.run();
		DecoderFailureAnswer.answerAndClose(ctx, dialect, HttpStatus.REQUEST_TIMEOUT, REQUEST_TIMEOUT,
				"The request headers did not arrive in time.");
	}

	private void cancel() {
		ScheduledFuture<?> pending = timer;
		if (pending != null) {
			pending.cancel(false);
			timer = null;
		}
	}

}
