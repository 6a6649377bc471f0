package io.evidencekit.tck.video;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.spi.Consultation;
import io.evidencekit.spi.ConsultationId;
import io.evidencekit.spi.ConsultationPage;
import io.evidencekit.spi.DeletionReceipt;
import io.evidencekit.spi.RecordingId;
import io.evidencekit.spi.VideoCursor;
import io.evidencekit.spi.VideoSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The reference {@link VideoSource} over a {@link MemoryVideoPlatform}: the cursor is the publication
 * position ({@code memory:N}), a stream checks its length against the listed size, and a source may be made
 * to fail every stream after some bytes. Thread-safe.
 */
final class MemoryVideoSource implements VideoSource {
  private static final String PREFIX = "memory:";

  private final MemoryVideoPlatform platform;
  private final long failAfter;
  private final AtomicBoolean closed = new AtomicBoolean();

  MemoryVideoSource(MemoryVideoPlatform platform, long failAfter) {
    this.platform = platform;
    this.failAfter = failAfter;
  }

  @Override
  public String platform() {
    return "memory";
  }

  private void open() {
    if (closed.get()) {
      throw new EvidenceException(ErrorCode.CLOSED, "the video source is closed");
    }
  }

  @Override
  public ConsultationPage list(Optional<VideoCursor> after, int limit) {
    open();
    if (limit < 1 || limit > 1000) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a page limit is 1 to 1000");
    }
    int from = after.map(MemoryVideoSource::position).orElse(0);
    int size = platform.size();
    if (from > size) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "the cursor is past the end of this source's listing");
    }
    List<Consultation> page = new ArrayList<>();
    int position = from;
    while (position < size && page.size() < limit) {
      page.add(platform.at(position++));
    }
    return new ConsultationPage(page, new VideoCursor(PREFIX + position), position < size, List.of());
  }

  private static int position(VideoCursor cursor) {
    String value = cursor.value();
    if (!value.startsWith(PREFIX) || !value.substring(PREFIX.length()).matches("[0-9]{1,9}")) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "not a cursor of this source");
    }
    return Integer.parseInt(value.substring(PREFIX.length()));
  }

  @Override
  public InputStream open(ConsultationId consultation, RecordingId recording) {
    open();
    byte[] bytes = platform.bytes(consultation, recording);
    long listed = platform.listedSize(consultation, recording);
    return new CheckedStream(bytes, listed, failAfter);
  }

  @Override
  public DeletionReceipt delete(ConsultationId consultation, RecordingId recording) {
    open();
    return platform.delete(consultation, recording);
  }

  @Override
  public boolean holds(ConsultationId consultation, RecordingId recording) {
    open();
    return platform.holds(consultation, recording);
  }

  @Override
  public void close() {
    closed.set(true);
  }

  /** Gives the held bytes; throws at their end when fewer than listed, and after {@code failAfter} bytes. */
  private static final class CheckedStream extends InputStream {
    private final ByteArrayInputStream in;
    private final long listed;
    private final long failAfter;
    private long read;

    CheckedStream(byte[] bytes, long listed, long failAfter) {
      this.in = new ByteArrayInputStream(bytes);
      this.listed = listed;
      this.failAfter = failAfter;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (read >= failAfter) {
        throw new IOException("the platform broke off the stream");
      }
      int n = in.read(b, off, (int) Math.min(len, failAfter - read));
      if (n < 0) {
        if (read != listed) {
          throw new IOException("the recording ended after " + read + " of " + listed + " bytes");
        }
        return -1;
      }
      read += n;
      if (read > listed) {
        throw new IOException("the recording is longer than its listed " + listed + " bytes");
      }
      return n;
    }
  }
}
