package io.evidencekit.portal;

import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;

/**
 * Jetty's access log with link tokens masked in every spelling of an address: a segment is written as
 * it came only if it is plainly one of the portal's own words or file names (lower-case letters,
 * digits, {@code . _ -}); anything else (a token, an upload id, a percent-encoded, upper-case or
 * {@code ;}-parameter segment) becomes {@code ***}. So {@code /r/<token>/uploads/<id>},
 * {@code /R/<token>}, {@code /%72/<token>} and {@code /r;x=1/<token>} all log without the token. The
 * query string is left out entirely. Lines go to the given writer (the standalone runner logs them
 * through SLF4J).
 */
public final class MaskingRequestLog implements RequestLog {
  /** Tokens are mixed-case base64url: a segment of only lower-case letters, digits, dots and dashes is not one. */
  private static final Pattern PLAIN = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private final Consumer<String> writer;

  public MaskingRequestLog(Consumer<String> writer) {
    this.writer = writer;
  }

  /** The path as it may be logged. */
  public static String mask(String path) {
    if (path.isEmpty() || path.equals("*")) {
      return path;
    }
    String[] segments = path.split("/", -1);
    StringBuilder out = new StringBuilder(path.length());
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) {
        out.append('/');
      }
      String s = segments[i];
      out.append(s.isEmpty() || PLAIN.matcher(s).matches() ? s : "***");
    }
    return out.toString();
  }

  @Override
  public void log(Request request, Response response) {
    String path = request.getHttpURI().getPath();
    writer.accept(Request.getRemoteAddr(request) + " \"" + request.getMethod() + " " + mask(path == null ? "" : path)
        + "\" " + response.getStatus() + " " + Response.getContentBytesWritten(response));
  }
}
