package io.aclgateway.support;

import java.net.URI;
import java.net.URISyntaxException;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;

import org.springframework.http.HttpStatus;

/**
 * Answers a request the HTTP codec could not read (headers over the limit, a request line
 * over the limit, malformed HTTP, a request target that is no URI, a body that breaks off
 * into garbage before anything was answered) with a body in the server's dialect, where
 * Reactor Netty would answer with an empty one. The request cannot be classified (its
 * headers are not known), so the public server answers in the legacy envelope and the
 * management server in problem+json. Only a request that arrives while no answer is being
 * written is answered here; a malformed request pipelined behind another is left to
 * Reactor Netty, which queues it.
 *
 * <p>
 * One instance per connection, between the HTTP codec and Reactor Netty's handlers.
 */
final class DecoderFailureAnswer extends ChannelDuplexHandler {

	static final String NAME = "acl.decoderFailureAnswer";

	static final String HEADERS_TOO_LARGE = "headers_too_large";

	static final String URI_TOO_LONG = "uri_too_long";

	static final String MALFORMED_REQUEST = "malformed_request";

	private final ErrorDialect dialect;

	private final CodecAnswers counted;

	/** Requests read whose answer has not been written to its end. */
	private int unanswered;

	/**
	 * A request was refused here: what the codec reads after it is dropped until the
	 * connection closes.
	 */
	private boolean refused;

	/** The answer to the oldest unanswered request has begun (its head was written). */
	private boolean answering;

	DecoderFailureAnswer(ErrorDialect dialect, CodecAnswers counted) {
		this.dialect = dialect;
		this.counted = counted;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (refused) {
			ReferenceCountUtil.release(msg);
			return;
		}
		if (msg instanceof HttpRequest request && unanswered == 0) {
			if (request.decoderResult().isFailure()) {
				Throwable cause = request.decoderResult().cause();
				ReferenceCountUtil.release(msg);
				answer(ctx, cause);
				return;
			}
			if (!isUri(request.uri())) {
				// Spring reads the request target with java.net.URI and answers an empty
				// 400 when it cannot.
				ReferenceCountUtil.release(msg);
				answer(ctx, new URISyntaxException(request.uri(), "not a URI"));
				return;
			}
		}
		if (msg instanceof HttpRequest) {
			unanswered++;
		}
		else if (msg instanceof HttpContent content && content.decoderResult().isFailure() && unanswered == 1
				&& !answering) {
			// A body the codec lost track of half-way (a bad chunk size): nothing has
			// been answered yet, so
			// the answer can still be ours rather than Reactor Netty's empty 400. Whoever
			// reads the body
			// sees the connection close.
			ReferenceCountUtil.release(msg);
			answer(ctx, content.decoderResult().cause());
			return;
		}
		ctx.fireChannelRead(msg);
	}

	private static boolean isUri(String target) {
		try {
			new URI(target);
			return true;
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		boolean interim = msg instanceof HttpResponse response
				&& response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
		if (msg instanceof HttpResponse && !interim) {
			answering = true;
		}
		if (msg instanceof LastHttpContent && !interim && unanswered > 0) {
			unanswered--;
			answering = false;
		}
		ctx.write(msg, promise);
	}

	private void answer(ChannelHandlerContext ctx, Throwable cause) {
		HttpStatus status;
		String code;
		String message;
		if (cause instanceof TooLongHttpLineException) {
			status = HttpStatus.URI_TOO_LONG;
			code = URI_TOO_LONG;
			message = "The request line is longer than the gateway accepts.";
		}
		else if (cause instanceof TooLongHttpHeaderException) {
			status = HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
			code = HEADERS_TOO_LARGE;
			message = "The request headers are larger than the gateway accepts.";
		}
		else if (cause instanceof URISyntaxException) {
			status = HttpStatus.BAD_REQUEST;
			code = MALFORMED_REQUEST;
			message = "The request target is not a URI.";
		}
		else {
			status = HttpStatus.BAD_REQUEST;
			code = MALFORMED_REQUEST;
			message = "The request is not well-formed HTTP/1.1.";
		}
		refused = true;
		counted.answered(code);
		answerAndClose(ctx, dialect, status, code, message);
	}

	/**
	 * Writes a whole answer with {@code Connection: close} and closes the connection once
	 * it is written.
	 */
	static void answerAndClose(ChannelHandlerContext ctx, ErrorDialect dialect, HttpStatus status, String code,
			String message) {
		byte[] body = dialect.render(status, code, message);
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
				HttpResponseStatus.valueOf(status.value()), Unpooled.wrappedBuffer(body));
		response.headers()
			.set(HttpHeaderNames.CONTENT_TYPE, dialect.mediaType().toString())
			.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
			.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
		// Nothing after a request the codec lost track of can be read as a request:
		// answer, then close.
		ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
	}

}
