package io.evidencekit.verify;

import java.util.Base64;
import java.util.Optional;

/**
 * Standard padded base64 (RFC 4648 section 4) with exactly one accepted spelling per value. The JDK
 * decoder alone also takes missing padding and non-zero unused bits, which would let two different
 * texts (two different signed notes) carry the same bytes.
 */
final class StrictBase64 {
  private StrictBase64() {}

  /** The decoded bytes, or empty if {@code text} is not the canonical encoding of anything. */
  static Optional<byte[]> decode(String text) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return Base64.getEncoder().encodeToString(bytes).equals(text) ? Optional.of(bytes) : Optional.empty();
  }

  static String encode(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
