package io.aclgateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Bytes to the gateway exactly as written, for the requests no HTTP client would send.
 */
public final class RawHttp {

	private RawHttp() {
	}

	/**
	 * Sends the bytes as they are and reads what comes back until the gateway closes or
	 * goes quiet for 5 s.
	 */
	public static String exchange(int port, String request) throws IOException {
		return exchange(port, request, Duration.ofSeconds(5));
	}

	/**
	 * Sends the bytes as they are and reads what comes back until the gateway closes or
	 * goes quiet.
	 */
	public static String exchange(int port, String request, Duration quiet) throws IOException {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout((int) quiet.toMillis());
			try {
				OutputStream out = socket.getOutputStream();
				out.write(request.getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
			}
			catch (IOException closedEarly) {
				// The gateway may answer, and close, before it has read everything.
			}
			StringBuilder answer = new StringBuilder();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[4096];
			while (true) {
				int read;
				try {
					read = in.read(buffer);
				}
				catch (SocketTimeoutException | SocketException quietOrReset) {
					break;
				}
				if (read < 0) {
					break;
				}
				answer.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
			}
			return answer.toString();
		}
	}

}
