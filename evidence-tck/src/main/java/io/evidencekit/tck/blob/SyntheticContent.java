package io.evidencekit.tck.blob;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Pseudo-random bytes of any length, computed from their position: any range can be produced, or
 * checked, without holding the rest. Lets a test stream gigabytes and still verify a range near the end.
 * Immutable; safe to share between threads.
 */
public final class SyntheticContent {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final long seed;

  public SyntheticContent(long seed) {
    this.seed = seed;
  }

  /** The {@code length} bytes starting at {@code offset}. */
  public byte[] bytes(long offset, int length) {
    byte[] bytes = new byte[length];
    fill(offset, bytes, 0, length);
    return bytes;
  }

  /** Writes the bytes at {@code [offset, offset + length)} into {@code into} from {@code start}. */
  public void fill(long offset, byte[] into, int start, int length) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative");
    }
    Objects.checkFromIndexSize(start, length, into.length);
    int i = 0;
    // Byte by byte up to a word boundary and after the last whole word; whole words in between, so
    // that generating gigabytes does not dominate a large-blob test.
    while (i < length && ((offset + i) & 7) != 0) {
      into[start + i] = byteAt(offset + i);
      i++;
    }
    for (; length - i >= 8; i += 8) {
      LONGS.set(into, start + i, mix((offset + i) >>> 3));
    }
    for (; i < length; i++) {
      into[start + i] = byteAt(offset + i);
    }
  }

  private byte byteAt(long position) {
    return (byte) (mix(position >>> 3) >>> ((position & 7) * 8));
  }

  /** SplitMix64 of the word index: cheap, well spread, and addressable by position. */
  private long mix(long index) {
    long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
