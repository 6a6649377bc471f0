package io.evidencekit.core.internal;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Random (version 4) UUIDs from the engine's injected {@link SecureRandom}, so that tests with a seeded
 * source get the same ids every run and no id comes from a hidden global generator. Thread-safe, as
 * {@code SecureRandom} is.
 */
public final class Ids {
  private final SecureRandom random;

  public Ids(SecureRandom random) {
    this.random = random;
  }

  public UUID next() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    b[6] = (byte) ((b[6] & 0x0f) | 0x40);
    b[8] = (byte) ((b[8] & 0x3f) | 0x80);
    long msb = 0;
    long lsb = 0;
    for (int i = 0; i < 8; i++) {
      msb = (msb << 8) | (b[i] & 0xff);
      lsb = (lsb << 8) | (b[i + 8] & 0xff);
    }
    return new UUID(msb, lsb);
  }
}
