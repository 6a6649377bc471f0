package io.evidencekit.core.request;

import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Link tokens: 256 bits from the engine's {@link SecureRandom}, written as 43 base64url characters.
 * Only SHA-256 of the token is stored; a token is found by its hash and compared in constant time.
 * Thread-safe as long as the SecureRandom is (the JDK's are).
 */
final class InvitationTokens {
  static final int TOKEN_BYTES = 32;
  private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final SecureRandom random;

  InvitationTokens(SecureRandom random) {
    this.random = random;
  }

  String newToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The stored form of a token, or empty when the text cannot be a token at all. */
  static Optional<byte[]> hash(String token) {
    if (!FORM.matcher(token).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new EvidenceException(ErrorCode.INTERNAL, "every JDK has SHA-256", e);
    }
  }

  static boolean sameHash(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }
}
