package io.aclgateway.routing.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A path's one meaning: its normal form, and which paths have none and are refused. */
class RequestPathTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			/                          | /
			/v1/rooms                  | /v1/rooms
			/v1/rooms/                 | /v1/rooms/
			/gateway.php               | /gateway.php
			/v1/rooms/42/messages      | /v1/rooms/42/messages
			/a.b/c..d/...              | /a.b/c..d/...
			/v1/~user                  | /v1/~user
			/%75pload/avatar/9         | /upload/avatar/9
			/%55PLOAD                  | /UPLOAD
			/up%6c%6Fad/x              | /upload/x
			/%2D%2e%5F%7e%30%41%7A     | /-._~0Az
			/v1/a.%2e                  | /v1/a..
			/upload/a%20b.png          | /upload/a%20b.png
			/upload/a%2fb              | /upload/a%2Fb
			/v1/%e2%9c%93              | /v1/%E2%9C%93
			/v1/%E2%9C%93              | /v1/%E2%9C%93
			/v1/%25                    | /v1/%25
			/v1/%252F                  | /v1/%252F
			/v1/a%3ab!$&'()*+,=:@      | /v1/a%3Ab!$&'()*+,=:@
			//v1/rooms                 | /v1/rooms
			///v1//rooms///            | /v1/rooms/
			//                         | /
			""")
	void normalFormDecodesUnreservedCharactersUpperCasesHexAndMergesSlashes(String raw, String normal) {
		RequestPath path = RequestPath.of(raw);

		assertThat(path.normal()).isEqualTo(normal);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/", "/v1/rooms", "/v1/rooms/", "/%75pload/avatar/9", "//v1/rooms", "/v1//rooms",
			"/upload/a%20b.png", "/v1/%e2%9c%93", "/a.b/c..d/...", "/v1/a%3ab", "/v1/%25", "/v1/%0A" })
	void acceptsPathsWithOneMeaning(String raw) {
		assertThat(RequestPath.of(raw).problem()).isNull();
		assertThat(RequestPath.of(raw).refused()).isFalse();
	}

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			""                     | must start with '/'
			v1/rooms               | must start with '/'
			/v1%2Fupload           | encodes '/'
			/v1%2fupload           | encodes '/'
			/v1/..%2Fupload/file   | encodes '/'
			/v1%5Cupload           | encodes '/' or '\\'
			/v1%5cupload           | encodes '/' or '\\'
			/v1/%00                | NUL
			/v1/./rooms            | '.' or '..' segment
			/v1/../upload          | '.' or '..' segment
			/..                    | '.' or '..' segment
			/.                     | '.' or '..' segment
			/v1/rooms/..           | '.' or '..' segment
			/v1/%2e%2e/upload      | '.' or '..' segment
			/v1/%2E/x              | '.' or '..' segment
			/v1/.%2E/x             | '.' or '..' segment
			//v1//..//upload       | '.' or '..' segment
			/upload;jsessionid=1   | path parameters
			/upload;x=1/file       | path parameters
			/upload%3Bx            | encodes ';'
			/upload%3bx            | encodes ';'
			/v1\\upload            | control character
			/v1/%zz                | two hex digits
			/v1/%4                 | two hex digits
			/v1/%                  | two hex digits
			""")
	void refusesPathsWithoutOneMeaningSayingWhy(String raw, String why) {
		RequestPath path = RequestPath.of(raw);

		assertThat(path.refused()).isTrue();
		assertThat(path.problem()).contains(why);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v1/\u0001", "/v1/\u007f", "/v1/\n", "/v1/\t" })
	void refusesRawControlCharacters(String raw) {
		assertThat(RequestPath.of(raw).problem()).contains("control character");
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			/%75pload/%2e%2e/x     | /upload/../x
			//upload//..%2F        | /upload/..%2F
			/%75pload;x/a          | /upload;x/a
			""")
	void aRefusedPathIsStillNormalisedAsFarAsItCanBeToChooseTheDialect(String raw, String normal) {
		RequestPath path = RequestPath.of(raw);

		assertThat(path.refused()).isTrue();
		assertThat(path.normal()).isEqualTo(normal);
	}

}
