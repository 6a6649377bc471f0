package io.evidencekit.portal;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/** Answers every path the portal does not serve with a plain 404 page that repeats nothing from the URL. */
final class NotFoundServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient Views views;

  NotFoundServlet(Views views) {
    this.views = views;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    PortalServlet.html(resp, HttpServletResponse.SC_NOT_FOUND, views.message(req.getContextPath(), "Page not found",
        List.of("If you followed a link from an email or text message, check that you copied all of it.",
            "If it still does not work, ask the officer who sent it for a new link.")));
  }
}
