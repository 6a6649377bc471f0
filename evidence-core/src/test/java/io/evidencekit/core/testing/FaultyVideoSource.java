package io.evidencekit.core.testing;

import io.evidencekit.spi.ConsultationId;
import io.evidencekit.spi.ConsultationPage;
import io.evidencekit.spi.DeletionReceipt;
import io.evidencekit.spi.RecordingId;
import io.evidencekit.spi.VideoCursor;
import io.evidencekit.spi.VideoSource;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real video source with switches a test throws: streams that break off after some bytes, deletions that
 * fail a number of times, listings that fail. Everything else goes to the source unchanged. Thread-safe.
 */
public final class FaultyVideoSource implements VideoSource {
  private final VideoSource source;
  private final AtomicLong streamsFailAfter = new AtomicLong(Long.MAX_VALUE);
  private final AtomicInteger deletionsToFail = new AtomicInteger();
  private final AtomicInteger deletionsAsked = new AtomicInteger();
  private volatile boolean listingFails;

  public FaultyVideoSource(VideoSource source) {
    this.source = source;
  }

  /** Every stream opened from now on throws after {@code bytes} bytes; {@code Long.MAX_VALUE} heals it. */
  public void streamsFailAfter(long bytes) {
    streamsFailAfter.set(bytes);
  }

  /** The next {@code n} deletions throw before reaching the platform. */
  public void failDeletions(int n) {
    deletionsToFail.set(n);
  }

  public void listingFails(boolean fails) {
    this.listingFails = fails;
  }

  /** How many deletions were asked for, failed or not. */
  public int deletionsAsked() {
    return deletionsAsked.get();
  }

  @Override
  public String platform() {
    return source.platform();
  }

  @Override
  public ConsultationPage list(Optional<VideoCursor> after, int limit) throws IOException {
    if (listingFails) {
      throw new IOException("the platform answered 503");
    }
    return source.list(after, limit);
  }

  @Override
  public InputStream open(ConsultationId consultation, RecordingId recording) throws IOException {
    long failAfter = streamsFailAfter.get();
    InputStream in = source.open(consultation, recording);
    return new FilterInputStream(in) {
      private long read;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (read >= failAfter) {
          throw new IOException("the platform broke off the stream");
        }
        int n = super.read(b, off, (int) Math.min(len, failAfter - read));
        if (n > 0) {
          read += n;
        }
        return n;
      }
    };
  }

  @Override
  public DeletionReceipt delete(ConsultationId consultation, RecordingId recording) throws IOException {
    deletionsAsked.incrementAndGet();
    if (deletionsToFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IOException("the platform answered 500 to the deletion");
    }
    return source.delete(consultation, recording);
  }

  @Override
  public boolean holds(ConsultationId consultation, RecordingId recording) throws IOException {
    return source.holds(consultation, recording);
  }

  @Override
  public void close() {
    source.close();
  }
}
