package io.aclgateway.support;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * RFC 9457 problem bodies with the stable {@code code} member of operations.md. Built as
 * ordered maps so that the members read in the same order in every answer, extensions
 * last.
 */
public final class ProblemDetails {

	public static final MediaType MEDIA_TYPE = MediaType.APPLICATION_PROBLEM_JSON;

	private static final String TYPE_PREFIX = "urn:acl-gateway:problem:";

	private ProblemDetails() {
	}

	/** A problem body; add extension members to the returned map. */
	public static Map<String, Object> of(HttpStatus status, String code, String detail) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", TYPE_PREFIX + code);
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("code", code);
		return problem;
	}

}
