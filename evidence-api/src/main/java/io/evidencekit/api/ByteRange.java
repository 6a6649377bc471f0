package io.evidencekit.api;

/**
 * A run of bytes within a blob: {@code length} bytes from {@code offset}; a range reaching past the end stops at the end.
 */
public record ByteRange(long offset, long length) {
  /** The whole blob. */
  public static final ByteRange ALL = new ByteRange(0, Long.MAX_VALUE);

  public ByteRange {
    Validate.nonNegative(offset, "range offset");
    Validate.nonNegative(length, "range length");
  }

  public static ByteRange from(long offset) {
    return new ByteRange(offset, Long.MAX_VALUE - offset);
  }

  public boolean isAll() {
    return offset == 0 && length == Long.MAX_VALUE;
  }
}
