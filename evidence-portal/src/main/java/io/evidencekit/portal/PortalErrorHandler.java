package io.evidencekit.portal;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error handler replaced by the portal's page, for the answers Jetty gives on its own: a
 * request it cannot parse (bad percent-encoding, an ambiguous path such as {@code ..%2F}, headers over
 * the limit (431), an address too long (414)), and errors in the servlet context that no servlet
 * answered. Set on the {@code Server} and on the {@code ServletContextHandler} ({@link PortalServer}
 * does both). The page carries the security headers and never the address, Jetty's message or an
 * exception. Thread-safe.
 */
public final class PortalErrorHandler extends ErrorHandler {
  private final ErrorPages pages;
  private final String contextPath;

  PortalErrorHandler(ErrorPages pages, String contextPath) {
    this.pages = pages;
    this.contextPath = contextPath;
    setShowStacks(false);
    setShowCauses(false);
    setShowMessageInTitle(false);
    setShowOrigin(false);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    if (request.getAttribute(ERROR_STATUS) instanceof Integer s) {
      status = s;
    }
    if (status < 400) {
      status = 500;
    }
    response.setStatus(status);
    HttpFields.Mutable headers = response.getHeaders();
    SecurityHeadersFilter.headers(pages.secure() || request.isSecure()).forEach(headers::put);
    headers.put(HttpHeader.CACHE_CONTROL, "no-store");
    headers.put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
    byte[] body = "HEAD".equals(request.getMethod()) ? new byte[0] : pages.bytes(contextPath, status);
    headers.put(HttpHeader.CONTENT_LENGTH, Long.toString(body.length));
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }

  // Deprecated for removal in Jetty 12.1 but still what the HTTP/1 parser calls for a message it refuses
  // before any request exists (bad request line, headers too large): without it those answers are Jetty's.
  @SuppressWarnings("removal")
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    SecurityHeadersFilter.headers(pages.secure()).forEach(fields::put);
    fields.put(new HttpField(HttpHeader.CACHE_CONTROL, "no-store"));
    fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8"));
    return ByteBuffer.wrap(pages.bytes(contextPath, status));
  }
}
