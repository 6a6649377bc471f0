package io.evidencekit.notify.govuk;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.spi.DeliveryListener;
import io.evidencekit.spi.DeliveryUpdate;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notify's delivery-receipt callback: the host mounts it at the URL it gave Notify (API integration,
 * Callbacks) and Notify POSTs a receipt there when a message is delivered or fails, with the bearer token
 * the force set alongside. Each receipt goes to the host's {@link DeliveryListener} as a
 * {@link DeliveryUpdate}.
 *
 * <ul>
 *   <li>200 once the listener has the update; Notify does not send that receipt again.
 *   <li>401 for a missing or wrong bearer token, compared in constant time. Nothing from the request is
 *       echoed in any answer, and the token is never logged.
 *   <li>400 for a body that is not a receipt, 413 over 64 KiB, 415 if not JSON, 405 for other methods.
 *   <li>500 when the listener throws: Notify retries (every 5 minutes, up to 5 times), so the listener must
 *       be idempotent.
 * </ul>
 *
 * <p>Thread-safe; holds only a hash of the token. The recipient's address in the receipt is never read.
 */
public final class NotifyCallbackServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(NotifyCallbackServlet.class);
  static final int MAX_BODY = 64 * 1024;
  /** Notify asks for at least 10 characters. */
  private static final int MIN_TOKEN = 10;

  private final byte[] tokenHash;
  private final transient DeliveryListener listener;

  /**
   * @param bearerToken the token set in Notify for this callback (at least 10 characters)
   * @param listener receives each receipt; must be thread-safe and idempotent
   * @throws EvidenceException {@link ErrorCode#CONFIGURATION} for a token that is too short or has spaces
   */
  public NotifyCallbackServlet(String bearerToken, DeliveryListener listener) {
    Objects.requireNonNull(bearerToken, "bearerToken");
    if (bearerToken.length() < MIN_TOKEN || bearerToken.length() > 1000
        || !bearerToken.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new EvidenceException(ErrorCode.CONFIGURATION,
          "the callback's bearer token must be 10 to 1000 printable characters without spaces");
    }
    this.tokenHash = sha256(bearerToken);
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!"POST".equals(req.getMethod())) {
      resp.setHeader("Allow", "POST");
      answer(resp, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "error", "only POST is accepted here");
      return;
    }
    if (!authorised(req.getHeader("Authorization"))) {
      LOG.warn("refused a delivery receipt with a missing or wrong bearer token");
      resp.setHeader("WWW-Authenticate", "Bearer");
      answer(resp, HttpServletResponse.SC_UNAUTHORIZED, "error", "unauthorised");
      return;
    }
    String type = req.getContentType();
    if (type != null && !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      answer(resp, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "error", "send application/json");
      return;
    }
    if (req.getContentLengthLong() > MAX_BODY) {
      answer(resp, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "error", "too large for a delivery receipt");
      return;
    }
    byte[] body = readAtMost(req.getInputStream(), MAX_BODY);
    if (body == null) {
      answer(resp, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "error", "too large for a delivery receipt");
      return;
    }
    DeliveryUpdate update;
    try {
      update = Receipts.parse(new String(body, StandardCharsets.UTF_8));
    } catch (EvidenceException e) {
      // Our own words only: the message names the missing field, never a value from the body.
      answer(resp, HttpServletResponse.SC_BAD_REQUEST, "error", e.getMessage());
      return;
    }
    try {
      listener.delivery(update);
    } catch (RuntimeException e) {
      LOG.warn("the delivery listener failed for Notify notification {}; Notify will send the receipt again",
          update.providerMessageId(), e);
      answer(resp, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "error", "could not record the receipt");
      return;
    }
    answer(resp, HttpServletResponse.SC_OK, "status", "recorded");
  }

  @Override
  public String toString() {
    return "NotifyCallbackServlet[bearerToken=***]";
  }

  private boolean authorised(String header) {
    if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    // Hashing first makes both sides the same length, so the comparison's time says nothing about the token.
    return MessageDigest.isEqual(tokenHash, sha256(header.substring(7).strip()));
  }

  /** The whole body, or null if it is longer than {@code max}. The container closes the stream. */
  private static byte[] readAtMost(InputStream in, int max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) > 0) {
      if (out.size() + n > max) {
        return null;
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static void answer(HttpServletResponse resp, int status, String key, String value) throws IOException {
    resp.setStatus(status);
    resp.setContentType("application/json");
    resp.setCharacterEncoding("UTF-8");
    resp.setHeader("Cache-Control", "no-store");
    resp.getWriter().write("{\"" + key + "\":\"" + jsonText(value) + "\"}");
  }

  private static String jsonText(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new EvidenceException(ErrorCode.INTERNAL, "SHA-256 is missing from this JVM", e);
    }
  }
}
