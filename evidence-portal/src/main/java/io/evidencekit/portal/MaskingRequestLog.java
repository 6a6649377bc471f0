package io.evidencekit.portal;

import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;

/**
 * Jetty's access log with the link token masked: {@code GET /r/***}/uploads/... . The query string is
 * left out entirely. Lines go to the given writer (the standalone runner logs them through SLF4J).
 */
public final class MaskingRequestLog implements RequestLog {
  private static final Pattern TOKEN_IN_PATH = Pattern.compile("/r/[^/]+");

  private final Consumer<String> writer;

  public MaskingRequestLog(Consumer<String> writer) {
    this.writer = writer;
  }

  /** The path as it may be logged. */
  public static String mask(String path) {
    return TOKEN_IN_PATH.matcher(path).replaceAll("/r/***");
  }

  @Override
  public void log(Request request, Response response) {
    String path = request.getHttpURI().getPath();
    writer.accept(Request.getRemoteAddr(request) + " \"" + request.getMethod() + " " + mask(path == null ? "" : path)
        + "\" " + response.getStatus() + " " + Response.getContentBytesWritten(response));
  }
}
