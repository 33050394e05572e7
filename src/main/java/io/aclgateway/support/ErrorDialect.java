package io.aclgateway.support;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * The two ways the gateway speaks when it answers for an upstream (operations.md): the
 * legacy envelope that old apps parse, and problem+json for Falcon's clients and the
 * gateway's own endpoints. The body never holds a host name, a stack trace or a secret.
 */
public enum ErrorDialect {

	/** {@code {"status": {"success": false, "code": ..., "message": ...}}}. */
	LEGACY(MediaType.APPLICATION_JSON) {
		@Override
		Map<String, Object> body(HttpStatus status, String code, String message) {
			Map<String, Object> inner = new LinkedHashMap<>();
			inner.put("success", false);
			inner.put("code", code);
			inner.put("message", message);
			return Map.of("status", inner);
		}
	},

	/** RFC 9457 with a stable {@code code}. */
	PROBLEM(ProblemDetails.MEDIA_TYPE) {
		@Override
		Map<String, Object> body(HttpStatus status, String code, String message) {
			return ProblemDetails.of(status, code, message);
		}
	};

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final MediaType mediaType;

	ErrorDialect(MediaType mediaType) {
		this.mediaType = mediaType;
	}

	public MediaType mediaType() {
		return mediaType;
	}

	abstract Map<String, Object> body(HttpStatus status, String code, String message);

	/** The body's bytes, ready to write. */
	public byte[] render(HttpStatus status, String code, String message) {
		return JSON.writeValueAsString(body(status, code, message)).getBytes(StandardCharsets.UTF_8);
	}

}
