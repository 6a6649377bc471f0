package io.evidencekit.portal;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Answers every path the portal does not serve with a plain 404 page that repeats nothing from the URL. */
final class NotFoundServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient ErrorPages pages;

  NotFoundServlet(ErrorPages pages) {
    this.pages = pages;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    pages.write(resp, req.isSecure(), req.getContextPath(), HttpServletResponse.SC_NOT_FOUND);
  }
}
