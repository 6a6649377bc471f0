package io.evidencekit.portal;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The portal's own page for every HTTP error, whichever layer found it (the container's parser, a
 * filter, a servlet): a heading and what to do, in the configured language. It never repeats the
 * address (which holds the link's token), a message from the server or an exception. Thread-safe.
 */
final class ErrorPages {
  private final Views views;
  private final boolean secure;

  ErrorPages(Views views, boolean secure) {
    this.views = views;
    this.secure = secure;
  }

  /** The page for {@code status} (anything below 400 is treated as 500). */
  String html(String contextPath, int status) {
    int s = status < 400 ? 500 : status;
    if (s == 404 || s == 410) {
      return views.message(contextPath, views.text("error.notFound.heading"),
          List.of(views.text("error.notFound.body"), views.text("error.notFound.ask")));
    }
    if (s == 405) {
      return views.message(contextPath, views.text("error.methodNotAllowed.heading"), List.of(views.text("error.reopen")));
    }
    if (s == 413 || s == 414 || s == 431) {
      return views.message(contextPath, views.text("error.tooLarge.heading"),
          List.of(views.text("error.tooLarge.body"), views.text("error.reopen")));
    }
    if (s == 429) {
      return views.message(contextPath, views.text("limited.heading"),
          List.of(views.text("limited.body"), views.text("limited.wait")));
    }
    if (s == 503 || s == 507) {
      return views.message(contextPath, views.text("busy.heading"), List.of(views.text("busy.body")));
    }
    if (s < 500) {
      return views.message(contextPath, views.text("error.badRequest.heading"),
          List.of(views.text("error.badRequest.body"), views.text("error.reopen")));
    }
    return views.message(contextPath, views.text("problem.heading"), List.of(views.text("problem.body")));
  }

  /**
   * Answers with the page: the status, the security headers, no caching. The caller has checked that
   * the response is not committed; any body written so far is discarded.
   */
  void write(HttpServletResponse resp, boolean tls, String contextPath, int status) throws IOException {
    resp.resetBuffer();
    SecurityHeadersFilter.apply(resp, secure || tls);
    resp.setHeader("Cache-Control", "no-store");
    PortalServlet.html(resp, status, html(contextPath, status));
  }

  byte[] bytes(String contextPath, int status) {
    return html(contextPath, status).getBytes(StandardCharsets.UTF_8);
  }

  boolean secure() {
    return secure;
  }
}
