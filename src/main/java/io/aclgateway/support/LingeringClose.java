package io.aclgateway.support;

import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * Keeps an answer given before the request body was read (413, 401, 415, a decoding
 * failure) from being lost: a client still sending when the connection closes gets a
 * reset, and a reset makes its system drop the answer it has not read yet. So, as nginx's
 * lingering close does, the rest of the body is read and dropped, the output half-closed
 * first so that the client sees the answer end, until the client closes, pauses too long,
 * or sends more than the bounds allow. Such an answer carries {@code Connection: close},
 * keep-alive or not, so that no client sends another request on a connection whose input
 * is still the rest of a body.
 *
 * <p>
 * One instance per connection, between the HTTP codec and Reactor Netty's handlers.
 */
final class LingeringClose extends ChannelDuplexHandler {

	static final String NAME = "acl.lingeringClose";

	private static final String DISCARD = "acl.lingeringClose.discard";

	private final ClientConnectionProperties.Lingering bounds;

	/** A request has arrived whose body has not been read to its end. */
	private boolean bodyPending;

	/**
	 * The answer is out while the body is still arriving: what arrives now is dropped and
	 * counted.
	 */
	private boolean afterAnswer;

	/** Past a bound: the connection is closed without lingering. */
	private boolean cut;

	private boolean lingering;

	/**
	 * The answer being written was given before the body arrived: the connection closes
	 * after it.
	 */
	private boolean closeAfterAnswer;

	private long dropped;

	private long lastRead;

	private @Nullable ScheduledFuture<?> deadline;

	private @Nullable ScheduledFuture<?> pauseCheck;

	LingeringClose(ClientConnectionProperties.Lingering bounds) {
		this.bounds = bounds;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof HttpRequest request) {
			// A request the codec could not read leaves the rest of the input unknown:
			// treat it as a body still to come.
			bodyPending = request.decoderResult().isFailure() || !(msg instanceof LastHttpContent);
			endAfterAnswer();
		}
		else if (msg instanceof HttpContent content) {
			if (afterAnswer) {
				count(ctx, content.content().readableBytes());
			}
			if (msg instanceof LastHttpContent) {
				bodyPending = false;
				endAfterAnswer();
			}
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		boolean interim = msg instanceof HttpResponse response
				&& response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
		if (msg instanceof HttpResponse response && !interim && bodyPending) {
			// An answer given before the body has arrived ends the connection, and says
			// so (as nginx
			// does): a client may stop sending the body once it has its answer, and a
			// client that then
			// reused the connection would have its next request read as the rest of this
			// body.
			response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
			closeAfterAnswer = true;
		}
		boolean ends = msg instanceof LastHttpContent && !interim;
		if (ends && bodyPending && !afterAnswer) {
			afterAnswer = true;
			dropped = 0;
			startClocks(ctx);
		}
		ctx.write(msg, promise);
		if (ends && closeAfterAnswer) {
			closeAfterAnswer = false;
			// Through the whole pipeline, so that this handler's close lingers.
			promise.addListener(written -> ctx.channel().close());
		}
	}

	@Override
	public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
		if (lingering && !cut) {
			// Closing already, once the lingering ends (the answer's own close and
			// Reactor Netty's may both come).
			ctx.channel().closeFuture().addListener(closed -> promise.trySuccess());
			return;
		}
		if (cut || !bodyPending || !(ctx.channel() instanceof DuplexChannel channel) || !channel.isActive()
				|| channel.isOutputShutdown()) {
			stopClocks();
			ctx.close(promise);
			return;
		}
		lingering = true;
		if (!afterAnswer) {
			afterAnswer = true;
			startClocks(ctx);
		}
		// Raw bytes are dropped before the codec: nothing of this request is decoded any
		// more.
		ctx.pipeline().addFirst(DISCARD, new Discard(ctx));
		channel.closeFuture().addListener(closed -> {
			stopClocks();
			if (!promise.isVoid()) {
				promise.trySuccess();
			}
		});
		channel.shutdownOutput().addListener(shutdown -> {
			if (!shutdown.isSuccess()) {
				cut(ctx);
			}
		});
		channel.config().setAutoRead(true);
		channel.read();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		stopClocks();
		super.channelInactive(ctx);
	}

	private void count(ChannelHandlerContext ctx, int bytes) {
		lastRead = System.nanoTime();
		dropped += bytes;
		if (dropped > bounds.size().toBytes()) {
			cut(ctx);
		}
	}

	private void endAfterAnswer() {
		if (afterAnswer && !lingering) {
			afterAnswer = false;
			stopClocks();
		}
	}

	private void startClocks(ChannelHandlerContext ctx) {
		lastRead = System.nanoTime();
		deadline = ctx.executor().schedule(() -> cut(ctx), bounds.time().toNanos(), TimeUnit.NANOSECONDS);
		schedulePauseCheck(ctx, bounds.timeout().toNanos());
	}

	private void schedulePauseCheck(ChannelHandlerContext ctx, long delay) {
		pauseCheck = ctx.executor().schedule(() -> {
			long quiet = System.nanoTime() - lastRead;
			if (quiet >= bounds.timeout().toNanos()) {
				cut(ctx);
			}
			else if (afterAnswer) {
				schedulePauseCheck(ctx, bounds.timeout().toNanos() - quiet);
			}
		}, delay, TimeUnit.NANOSECONDS);
	}

	private void stopClocks() {
		if (deadline != null) {
			deadline.cancel(false);
			deadline = null;
		}
		if (pauseCheck != null) {
			pauseCheck.cancel(false);
			pauseCheck = null;
		}
	}

	/**
	 * A bound was reached: the client has had its chance, the connection is closed as it
	 * is.
	 */
	private void cut(ChannelHandlerContext ctx) {
		cut = true;
		afterAnswer = false;
		stopClocks();
		ctx.close();
	}

	/**
	 * Drops and counts what a lingering connection still receives, at the head of the
	 * pipeline.
	 */
	private final class Discard extends ChannelInboundHandlerAdapter {

		private final ChannelHandlerContext lingeringContext;

		Discard(ChannelHandlerContext lingeringContext) {
			this.lingeringContext = lingeringContext;
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			int bytes = (msg instanceof ByteBuf buffer) ? buffer.readableBytes() : 0;
			ReferenceCountUtil.release(msg);
			count(lingeringContext, bytes);
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			// Nothing went up the pipeline, so there is nothing to complete.
		}

	}

}
