package io.evidencekit.tck.scan;

import io.evidencekit.tck.blob.SyntheticContent;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The caller's side of a scan: an item's bytes as a stream that records what the scanner did with it
 * (how much it read, whether it reached the end, whether it closed the stream). Content is given in
 * memory or generated ({@link SyntheticContent}), so large items are never held.
 *
 * <p>Read by one scanning thread; the counters may be read from another thread at any time.
 */
public final class TrackedStream extends InputStream {
  private final long length;
  private final Source source;
  private final long failAt;
  private final String failureMessage;
  private final boolean trickle;
  private final CountDownLatch firstRead = new CountDownLatch(1);
  private volatile long position;
  private volatile boolean reachedEnd;
  private volatile boolean closed;

  @FunctionalInterface
  private interface Source {
    void fill(long offset, byte[] into, int start, int length);
  }

  private TrackedStream(long length, Source source, long failAt, String failureMessage, boolean trickle) {
    this.length = length;
    this.source = source;
    this.failAt = failAt;
    this.failureMessage = failureMessage;
    this.trickle = trickle;
  }

  /** A stream of these bytes (not copied: do not change them while it is read). */
  public static TrackedStream of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return new TrackedStream(bytes.length, (offset, into, start, n) -> System.arraycopy(bytes, (int) offset, into, start, n),
        -1, "", false);
  }

  /** {@code length} pseudo-random bytes from {@code seed}, generated as they are read. */
  public static TrackedStream generated(long length, long seed) {
    SyntheticContent content = new SyntheticContent(seed);
    return new TrackedStream(length, content::fill, -1, "", false);
  }

  /** The same content, given at most one byte per read, as a slow network would. */
  public TrackedStream trickling() {
    return new TrackedStream(length, source, failAt, failureMessage, true);
  }

  /** The same content, but a read past {@code offset} bytes throws an IOException with this message. */
  public TrackedStream failingAfter(long offset, String message) {
    return new TrackedStream(length, source, offset, message, trickle);
  }

  /** How many bytes the content holds. */
  public long length() {
    return length;
  }

  /** How many bytes were read so far. */
  public long bytesRead() {
    return position;
  }

  /** Whether a read returned the end of the stream (-1). */
  public boolean reachedEnd() {
    return reachedEnd;
  }

  /** Whether every byte was read and then the end of the stream. */
  public boolean fullyRead() {
    return reachedEnd && position == length;
  }

  public boolean closed() {
    return closed;
  }

  /** Waits until the first read call, for tests that act while a scan is under way. */
  public boolean awaitFirstRead(long timeout, TimeUnit unit) throws InterruptedException {
    return firstRead.await(timeout, unit);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] into, int start, int count) throws IOException {
    Objects.checkFromIndexSize(start, count, into.length);
    firstRead.countDown();
    if (closed) {
      throw new IOException("stream closed");
    }
    if (count == 0) {
      return 0;
    }
    long at = position;
    if (failAt >= 0 && at >= failAt) {
      throw new IOException(failureMessage);
    }
    if (at >= length) {
      reachedEnd = true;
      return -1;
    }
    long limit = failAt >= 0 ? Math.min(length, failAt) : length;
    int n = (int) Math.min(trickle ? 1 : count, Math.max(1, limit - at));
    n = (int) Math.min(n, length - at);
    source.fill(at, into, start, n);
    position = at + n;
    return n;
  }

  @Override
  public int available() {
    return 0;
  }

  @Override
  public void close() {
    closed = true;
  }
}
