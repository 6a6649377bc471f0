package io.evidencekit.portal;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portal's first line, before any routing: only canonical addresses, only the methods each route
 * needs, and the portal's own page for anything that escapes a servlet.
 *
 * <ul>
 *   <li>The raw address must be canonical: plain segments of letters, digits and {@code . _ ~ -} (no
 *       percent-encoding, no {@code ;} parameters, no empty, {@code .} or {@code ..} segments). Anything
 *       else ({@code /%72/<token>}, {@code /r;x=1/<token>}, {@code /r//<token>}) answers 404 without
 *       reaching a servlet, so no other spelling of a link ever opens it. Case matters: {@code /R/} is
 *       not {@code /r/}.</li>
 *   <li>Methods: GET and HEAD everywhere; POST under {@code /r/}; OPTIONS, PATCH and DELETE only on the
 *       upload endpoint ({@code /r/<token>/uploads}); TRACE, CONNECT, PUT and every other method nowhere
 *       (405).</li>
 *   <li>An exception from further in becomes the portal's 500 page (if nothing was sent yet), never the
 *       container's page with its message and stack.</li>
 * </ul>
 */
final class RequestGuard implements Filter {
  private static final Logger LOG = LoggerFactory.getLogger(RequestGuard.class);
  private static final Pattern CANONICAL = Pattern.compile("(/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*/?");
  private static final Pattern DOTS = Pattern.compile("(^|.*/)\\.{1,2}(/.*|$)");
  private static final Pattern UPLOADS = Pattern.compile("/r/[^/]+/uploads(/[^/]+)?");
  private static final Set<String> KNOWN = Set.of("GET", "HEAD", "POST", "PATCH", "DELETE", "OPTIONS");

  private final ErrorPages pages;

  RequestGuard(ErrorPages pages) {
    this.pages = pages;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse resp = (HttpServletResponse) response;
    String raw = req.getRequestURI();
    String context = req.getContextPath();
    String path = raw.startsWith(context) ? raw.substring(context.length()) : raw;
    if (path.isEmpty()) {
      path = "/";
    }
    if (!CANONICAL.matcher(path).matches() || DOTS.matcher(path).matches()) {
      pages.write(resp, req.isSecure(), context, 404);
      return;
    }
    String allow = allowed(path);
    String method = req.getMethod();
    if (!KNOWN.contains(method) || !allow.contains(method)) {
      resp.setHeader("Allow", allow);
      pages.write(resp, req.isSecure(), context, 405);
      return;
    }
    try {
      chain.doFilter(request, response);
    } catch (RuntimeException | ServletException e) {
      int status = statusOf(e);
      if (status >= 500) {
        // The address holds the token, so it is not logged; the exception's own message carries none.
        LOG.error("portal request failed: {}", e.toString(), e);
      }
      if (!resp.isCommitted()) {
        pages.write(resp, req.isSecure(), context, status);
      }
    }
  }

  /** The status a container's own exception names (a request it could not parse: 400, 413...), else 500. */
  private static int statusOf(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.eclipse.jetty.http.HttpException http && http.getCode() >= 400 && http.getCode() < 600) {
        return http.getCode();
      }
    }
    return 500;
  }

  /** The methods a path may be asked with, as an Allow header. */
  static String allowed(String path) {
    if (UPLOADS.matcher(path).matches()) {
      return "OPTIONS, HEAD, POST, PATCH, DELETE";
    }
    if (path.startsWith("/r/")) {
      return "GET, HEAD, POST";
    }
    return "GET, HEAD";
  }
}
