package io.evidencekit.api;

import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/** A SHA-256 digest, held as 64 lower-case hex digits. */
public record Sha256(String hex) {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  public Sha256 {
    Objects.requireNonNull(hex, "hex");
    if (!HEX.matcher(hex).matches()) {
      throw Validate.invalid("a SHA-256 digest is 64 lower-case hex digits");
    }
  }

  public static Sha256 of(byte[] digest) {
    if (digest.length != 32) {
      throw Validate.invalid("a SHA-256 digest is 32 bytes");
    }
    return new Sha256(HexFormat.of().formatHex(digest));
  }

  public byte[] bytes() {
    return HexFormat.of().parseHex(hex);
  }

  @Override
  public String toString() {
    return hex;
  }
}
