package io.evidencekit.portal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Sends bytes exactly as written (malformed, oversized, odd methods: what a probe sends and an HTTP
 * client library refuses to), optionally from another loopback address, and reads the answer.
 */
final class RawHttp {
  private RawHttp() {}

  /** One answer: status, header lines and body (decoded as UTF-8). */
  record Answer(int status, List<String> headers, String body) {
    Optional<String> header(String name) {
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
          .map(h -> h.substring(prefix.length()).strip()).findFirst();
    }

    List<String> all(String name) {
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
          .map(h -> h.substring(prefix.length()).strip()).toList();
    }

    /** Everything received, for "never contains" checks. */
    String whole() {
      return String.join("\n", headers) + "\n\n" + body;
    }
  }

  static Answer send(int port, String request) {
    return send(port, InetAddress.getLoopbackAddress(), request.getBytes(StandardCharsets.UTF_8));
  }

  static Answer send(int port, InetAddress from, String request) {
    return send(port, from, request.getBytes(StandardCharsets.UTF_8));
  }

  static Answer send(int port, InetAddress from, byte[] request) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port, from, 0)) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(request);
        out.flush();
        s.shutdownOutput();
      } catch (IOException e) {
        // The server may answer and close before reading everything (an oversized request): read its answer.
      }
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      byte[] buffer = new byte[8192];
      try {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          received.write(buffer, 0, n);
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("no complete answer within 20 s", e);
      } catch (IOException e) {
        // A reset after the answer was sent: keep what arrived.
      }
      return parse(received.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A simple request line plus headers ({@code Host}, unless given, and {@code Connection: close} added). */
  static String get(String method, String target, String... headers) {
    StringBuilder b = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    if (java.util.Arrays.stream(headers).noneMatch(h -> h.regionMatches(true, 0, "Host:", 0, 5))) {
      b.append("Host: 127.0.0.1\r\n");
    }
    for (String h : headers) {
      b.append(h).append("\r\n");
    }
    return b.append("Connection: close\r\n\r\n").toString();
  }

  private static Answer parse(String raw) {
    int end = raw.indexOf("\r\n\r\n");
    if (!raw.startsWith("HTTP/1.1 ") || end < 0) {
      throw new AssertionError("not an HTTP answer: " + raw.substring(0, Math.min(200, raw.length())));
    }
    String[] lines = raw.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].substring(9, 12));
    List<String> headers = new ArrayList<>(List.of(lines).subList(1, lines.length));
    String body = raw.substring(end + 4);
    if (headers.stream().anyMatch(h -> h.equalsIgnoreCase("Transfer-Encoding: chunked"))) {
      body = unchunk(body);
    }
    return new Answer(status, headers, body);
  }

  private static String unchunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < chunked.length()) {
      int eol = chunked.indexOf("\r\n", i);
      if (eol < 0) {
        break;
      }
      int size = Integer.parseInt(chunked.substring(i, eol).split(";")[0].strip(), 16);
      if (size == 0) {
        break;
      }
      // Sizes are in bytes; the bodies here are ASCII-safe HTML, where characters and bytes line up closely enough.
      byte[] rest = chunked.substring(eol + 2).getBytes(StandardCharsets.UTF_8);
      String piece = new String(rest, 0, Math.min(size, rest.length), StandardCharsets.UTF_8);
      out.append(piece);
      i = eol + 2 + piece.length() + 2;
    }
    return out.toString();
  }
}
