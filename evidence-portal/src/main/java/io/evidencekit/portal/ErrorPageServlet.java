package io.evidencekit.portal;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The portal's page for errors the container itself raises (a form or header too large, a malformed
 * address, an uncaught exception), for a host that mounts the portal in its own container.
 * {@link Portal#register} maps it at {@link Portal#ERROR_PAGE_PATH}; the host then names that path as
 * the container's default error page, for example in {@code web.xml}:
 *
 * <pre>{@code
 * <error-page><location>/evidencekit-error</location></error-page>
 * }</pre>
 *
 * or on Jetty {@code errorPageErrorHandler.addErrorPage(ErrorPageErrorHandler.GLOBAL_ERROR_PAGE,
 * Portal.ERROR_PAGE_PATH)}, on Tomcat an {@code ErrorPage} with only a location. Errors Jetty finds
 * before a request reaches any context need {@link PortalErrorHandler} on the {@code Server}. Asked for
 * directly (not as an error dispatch) it answers 404.
 */
final class ErrorPageServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient ErrorPages pages;

  ErrorPageServlet(ErrorPages pages) {
    this.pages = pages;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    int status = HttpServletResponse.SC_NOT_FOUND;
    if (req.getDispatcherType() == DispatcherType.ERROR
        && req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code) {
      status = code;
    }
    if (resp.isCommitted()) {
      return;
    }
    pages.write(resp, req.isSecure(), req.getContextPath(), status);
  }
}
