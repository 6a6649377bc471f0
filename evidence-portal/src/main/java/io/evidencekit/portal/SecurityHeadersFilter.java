package io.evidencekit.portal;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts the portal's security headers on every response, error pages and static files included. The
 * token is in the URL, hence {@code no-referrer}; no inline script is allowed anywhere. The same
 * headers go on the answers Jetty itself gives before a request reaches the portal
 * ({@link PortalErrorHandler}).
 */
public final class SecurityHeadersFilter implements Filter {
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private final boolean secure;

  /** @param secure served over TLS (directly or behind a TLS proxy): adds Strict-Transport-Security */
  public SecurityHeadersFilter(boolean secure) {
    this.secure = secure;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletResponse http = (HttpServletResponse) response;
    apply(http, secure || request.isSecure());
    chain.doFilter(request, response);
  }

  static void apply(HttpServletResponse http, boolean tls) {
    headers(tls).forEach(http::setHeader);
  }

  /** Every security header, by name, in the order they are sent. */
  static Map<String, String> headers(boolean tls) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Security-Policy", CSP);
    h.put("X-Content-Type-Options", "nosniff");
    h.put("X-Frame-Options", "DENY");
    h.put("Referrer-Policy", "no-referrer");
    h.put("Cross-Origin-Opener-Policy", "same-origin");
    h.put("Cross-Origin-Resource-Policy", "same-origin");
    h.put("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (tls) {
      h.put("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
    return h;
  }
}
