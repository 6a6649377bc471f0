package io.evidencekit.portal;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Puts the portal's security headers on every response, error pages and static files included. The
 * token is in the URL, hence {@code no-referrer}; no inline script is allowed anywhere.
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
    http.setHeader("Content-Security-Policy", CSP);
    http.setHeader("X-Content-Type-Options", "nosniff");
    http.setHeader("X-Frame-Options", "DENY");
    http.setHeader("Referrer-Policy", "no-referrer");
    http.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    http.setHeader("Cross-Origin-Resource-Policy", "same-origin");
    http.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (tls) {
      http.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
  }
}
