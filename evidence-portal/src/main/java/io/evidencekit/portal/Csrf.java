package io.evidencekit.portal;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Cross-site request forgery protection by double submission: a random value in a
 * {@code SameSite=Strict}, {@code HttpOnly} cookie must be echoed in the form (or the
 * {@code X-CSRF-Token} header for script requests). Another site can neither read the value nor make
 * the browser send the cookie, and the portal keeps no session state, so it survives restarts and
 * load balancers.
 */
final class Csrf {
  static final String COOKIE = "ek_csrf";
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
    Cookie cookie = new Cookie(COOKIE, value);
    cookie.setHttpOnly(true);
    cookie.setSecure(secure);
    cookie.setPath(request.getContextPath().isEmpty() ? "/" : request.getContextPath());
    cookie.setAttribute("SameSite", "Strict");
    response.addCookie(cookie);
    return value;
  }

  /** Whether the browser sent the cookie at all: checked before reading a large body. */
  boolean hasCookie(HttpServletRequest request) {
    return cookie(request).isPresent();
  }

  /** Whether {@code presented} (from the form or header) matches the cookie, compared in constant time. */
  boolean valid(HttpServletRequest request, @Nullable String presented) {
    Optional<String> expected = cookie(request);
    if (expected.isEmpty() || presented == null) {
      return false;
    }
    return MessageDigest.isEqual(expected.get().getBytes(StandardCharsets.US_ASCII),
        presented.getBytes(StandardCharsets.US_ASCII));
  }

  private static Optional<String> cookie(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return Optional.empty();
    }
    for (Cookie c : cookies) {
      if (COOKIE.equals(c.getName()) && SHAPE.matcher(c.getValue()).matches()) {
        return Optional.of(c.getValue());
      }
    }
    return Optional.empty();
  }
}
