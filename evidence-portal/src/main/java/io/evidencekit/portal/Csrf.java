package io.evidencekit.portal;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Cross-site request forgery protection, in two layers that must both pass for any change:
 *
 * <ol>
 *   <li>The browser says where the request came from: a {@code Sec-Fetch-Site} header other than
 *       {@code same-origin} (or {@code none}, a request the person made themselves) is refused, and so
 *       is an {@code Origin} header naming another host than the one asked ({@code Host}). {@code Origin:
 *       null} says nothing (browsers send it for the portal's own form posts, because its pages ask for
 *       {@code no-referrer}); clients that send neither header (older browsers, a tus client in a
 *       program) go on to the second check.</li>
 *   <li>Double submission: a random value in a {@code SameSite=Strict}, {@code HttpOnly} cookie must be
 *       echoed in the form (or the {@code X-CSRF-Token} header for script requests). Over TLS the cookie
 *       is named with the {@code __Host-} prefix (Secure, Path=/, no Domain), so neither a sibling
 *       sub-domain nor a plain-HTTP page can plant one; only that name is accepted then.</li>
 * </ol>
 *
 * The portal keeps no session state, so this survives restarts and load balancers. Thread-safe.
 */
final class Csrf {
  static final String COOKIE = "ek_csrf";
  static final String SECURE_COOKIE = "__Host-ek_csrf";
  static final String FIELD = "csrf";
  static final String HEADER = "X-CSRF-Token";
  private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final SecureRandom random;
  private final boolean secure;

  Csrf(SecureRandom random, boolean secure) {
    this.random = random;
    this.secure = secure;
  }

  /** The value to put in forms; sets the cookie when the browser has none yet. */
  String issue(HttpServletRequest request, HttpServletResponse response) {
    Optional<String> existing = cookie(request);
    if (existing.isPresent()) {
      return existing.get();
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    boolean tls = tls(request);
    Cookie cookie = new Cookie(tls ? SECURE_COOKIE : COOKIE, value);
    cookie.setHttpOnly(true);
    cookie.setSecure(tls);
    // __Host- requires Path=/; over plain HTTP (development) the context path is enough.
    cookie.setPath(tls || request.getContextPath().isEmpty() ? "/" : request.getContextPath());
    cookie.setAttribute("SameSite", "Strict");
    response.addCookie(cookie);
    return value;
  }

  /** Whether the request is same-origin and carries the cookie: checked before reading a large body. */
  boolean hasCookie(HttpServletRequest request) {
    return sameOrigin(request) && cookie(request).isPresent();
  }

  /**
   * Whether the request is same-origin and {@code presented} (from the form or header) matches the
   * cookie, compared in constant time.
   */
  boolean valid(HttpServletRequest request, @Nullable String presented) {
    if (!sameOrigin(request)) {
      return false;
    }
    Optional<String> expected = cookie(request);
    if (expected.isEmpty() || presented == null) {
      return false;
    }
    return MessageDigest.isEqual(expected.get().getBytes(StandardCharsets.US_ASCII),
        presented.getBytes(StandardCharsets.US_ASCII));
  }

  /** The browser's own account of where the request came from, where it gives one. */
  static boolean sameOrigin(HttpServletRequest request) {
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      return false;
    }
    String origin = request.getHeader("Origin");
    if (origin == null || origin.equals("null")) {
      // "null": what a browser sends for a form post from a page with Referrer-Policy: no-referrer (ours
      // included), as well as from sandboxed or opaque origins. It names no origin to compare; the
      // Sec-Fetch-Site check above and the double-submit value decide.
      return true;
    }
    String host = request.getHeader("Host");
    if (host == null) {
      return false;
    }
    try {
      URI o = new URI(origin);
      if (o.getHost() == null || !(("http".equals(o.getScheme())) || "https".equals(o.getScheme()))) {
        return false;
      }
      return authority(o.getScheme(), o.getHost(), o.getPort()).equals(authority(o.getScheme(), host));
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static String authority(String scheme, String host, int port) {
    int defaultPort = scheme.equals("https") ? 443 : 80;
    String h = host.toLowerCase(Locale.ROOT);
    return port < 0 || port == defaultPort ? h : h + ":" + port;
  }

  /** {@code Host} as sent ({@code name[:port]}), normalised like an origin of the same scheme. */
  private static String authority(String scheme, String hostHeader) {
    String h = hostHeader.strip().toLowerCase(Locale.ROOT);
    int colon = h.lastIndexOf(':');
    if (colon > h.lastIndexOf(']')) {
      String port = h.substring(colon + 1);
      String name = h.substring(0, colon);
      if (port.equals(scheme.equals("https") ? "443" : "80")) {
        return name;
      }
      // Behind a TLS proxy the browser's origin is https while Host may carry the proxy's port: compare as sent.
      return h;
    }
    return h;
  }

  private boolean tls(HttpServletRequest request) {
    return secure || request.isSecure();
  }

  private Optional<String> cookie(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return Optional.empty();
    }
    String name = tls(request) ? SECURE_COOKIE : COOKIE;
    for (Cookie c : cookies) {
      if (name.equals(c.getName()) && SHAPE.matcher(c.getValue()).matches()) {
        return Optional.of(c.getValue());
      }
    }
    return Optional.empty();
  }
}
