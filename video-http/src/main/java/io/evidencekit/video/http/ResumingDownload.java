package io.evidencekit.video.http;

import io.evidencekit.api.EvidenceException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A recording's bytes, exactly its listed size or an {@link IOException}. When the platform's answer breaks
 * off or stalls (no byte for the read timeout) the download resumes from the offset read so far with a
 * {@code Range} request (and {@code If-Range} when the platform gave a strong {@code ETag}, so bytes of a
 * changed file are never spliced on), at most {@link RetryPolicy#resumes()} times; then {@code read} throws.
 * A platform sending more than the listed size, a {@code Content-Length} or {@code Content-Range} that does
 * not match, or an {@code ETag} that changes between parts, is an {@link IOException} at once.
 *
 * <p>Read by one thread at a time. The caller closes it; {@link #close()} is idempotent and stops the
 * stall watch.
 */
final class ResumingDownload extends InputStream {
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes ([0-9]{1,19})-([0-9]{1,19})/([0-9]{1,19}|\\*)");

  private final PlatformClient client;
  private final String path;
  private final long size;
  private final String what;
  private int resumesLeft;
  private @Nullable String etag;
  private volatile @Nullable InputStream body;
  private long position;
  private boolean closed;

  // Stall watch: the scheduler's thread closes a body that made no progress for a whole period, which
  // wakes the blocked reader; it then resumes like after a cut.
  // activity counts reads begun: a tick that sees the same count as the last tick while a read is under
  // way knows that one read has been blocked for at least a whole period.
  private volatile long activity;
  private volatile boolean reading;
  private volatile boolean stalled;
  private long activityAtLastTick = -1;
  private final @Nullable ScheduledFuture<?> watch;

  private ResumingDownload(PlatformClient client, String path, long size, String what, ScheduledExecutorService scheduler,
      Duration readTimeout) {
    this.client = client;
    this.path = path;
    this.size = size;
    this.what = what;
    this.resumesLeft = client.retry().resumes();
    long period = Math.max(1, readTimeout.toMillis());
    this.watch = scheduler.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts the download.
   *
   * @throws EvidenceException {@code NOT_FOUND} when the platform no longer holds the recording
   */
  static ResumingDownload open(PlatformClient client, String path, long size, String what,
      ScheduledExecutorService scheduler, Duration readTimeout) throws IOException {
    ResumingDownload download = new ResumingDownload(client, path, size, what, scheduler, readTimeout);
    try {
      download.body = download.fetch(0);
      return download;
    } catch (IOException | RuntimeException e) {
      download.close();
      throw e;
    }
  }

  private void tick() {
    long now = activity;
    if (reading && now == activityAtLastTick) {
      stalled = true;
      closeQuietly(body);
    }
    activityAtLastTick = now;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException(what + ": the stream is closed");
    }
    if (len == 0) {
      return 0;
    }
    while (true) {
      InputStream current = body;
      if (current == null) {
        throw new IOException(what + ": the stream is closed");
      }
      int n;
      activity++;
      reading = true;
      try {
        n = position == size ? current.read() : current.read(b, off, (int) Math.min(len, size - position));
      } catch (IOException e) {
        resume(e);
        continue;
      } finally {
        reading = false;
      }
      if (position == size) {
        if (n >= 0) {
          throw new IOException(what + ": the platform sends more than the " + size + " bytes it lists");
        }
        if (stalled) {
          // The watch closed the body just as it ended; the end is still the true end.
          stalled = false;
        }
        return -1;
      }
      if (n < 0) {
        resume(new EOFException("the platform's answer ended early"));
        continue;
      }
      position += n;
      return n;
    }
  }

  /** Opens the rest from {@link #position}, or throws when the resumes are used up. */
  private void resume(IOException cause) throws IOException {
    closeQuietly(body);
    body = null;
    boolean wasStalled = stalled;
    stalled = false;
    if (closed) {
      throw new IOException(what + ": the stream is closed");
    }
    if (resumesLeft <= 0) {
      throw new IOException(what + ": the download " + (wasStalled ? "stalled" : "broke off") + " after " + position
          + " of " + size + " bytes, and " + client.retry().resumes() + " resumes did not finish it", cause);
    }
    resumesLeft--;
    try {
      body = fetch(position);
    } catch (EvidenceException e) {
      // Gone or refused half-way: for this stream that is a failed read, not a missing recording.
      throw new IOException(what + ": could not resume the download after " + position + " of " + size + " bytes (" + e.code() + ")", e);
    }
  }

  private InputStream fetch(long offset) throws IOException {
    Map<String, String> headers = offset == 0 ? Map.of()
        : etag != null ? Map.of("Range", "bytes=" + offset + "-", "If-Range", etag) : Map.of("Range", "bytes=" + offset + "-");
    HttpResponse<InputStream> response = client.exchange("GET", path, headers, what);
    int status = response.statusCode();
    if (status == 416) {
      PlatformClient.discard(response);
      throw new IOException(what + ": the platform holds fewer bytes than the " + size + " it lists (HTTP 416 at offset " + offset + ")");
    }
    if ((status == 404 || status == 410) && offset > 0) {
      PlatformClient.discard(response);
      throw new IOException(what + ": the recording went away after " + offset + " of " + size + " bytes");
    }
    if (status != 200 && status != 206) {
      throw client.failure(response, what);
    }
    try {
      Optional<String> tag = response.headers().firstValue("ETag");
      if (offset == 0) {
        etag = tag.filter(t -> t.startsWith("\"") && t.length() <= 256).orElse(null);
      } else if (etag != null && tag.isPresent() && !etag.equals(tag.get())) {
        throw new IOException(what + ": the recording changed at the platform during the download");
      }
      OptionalLong length = response.headers().firstValueAsLong("Content-Length");
      if (status == 206) {
        if (offset == 0) {
          throw new IOException(what + ": the platform sent part of the recording when asked for all of it");
        }
        checkContentRange(response.headers().firstValue("Content-Range"), offset);
        if (length.isPresent() && length.getAsLong() != size - offset) {
          throw new IOException(what + ": the platform's Content-Length does not match its Content-Range");
        }
        return response.body();
      }
      if (length.isPresent() && length.getAsLong() != size) {
        throw new IOException(what + ": the platform sends " + length.getAsLong() + " bytes for a recording it lists at " + size);
      }
      InputStream whole = response.body();
      if (offset > 0) {
        // The platform ignored the Range (or the If-Range did not match): read past what we have.
        skipExactly(whole, offset);
      }
      return whole;
    } catch (IOException | RuntimeException e) {
      PlatformClient.discard(response);
      if (e instanceof NumberFormatException) {
        throw new IOException(what + ": the platform sent a malformed Content-Length");
      }
      throw e;
    }
  }

  private void checkContentRange(Optional<String> header, long offset) throws IOException {
    Matcher m = CONTENT_RANGE.matcher(header.orElse(""));
    try {
      if (!m.matches() || Long.parseLong(m.group(1)) != offset || Long.parseLong(m.group(2)) != size - 1
          || (!m.group(3).equals("*") && Long.parseLong(m.group(3)) != size)) {
        throw new IOException(what + ": the platform's Content-Range is not bytes " + offset + "-" + (size - 1) + "/" + size);
      }
    } catch (NumberFormatException e) {
      throw new IOException(what + ": the platform sent a malformed Content-Range");
    }
  }

  private void skipExactly(InputStream in, long n) throws IOException {
    byte[] buffer = new byte[8192];
    long left = n;
    while (left > 0) {
      int r = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (r < 0) {
        throw new EOFException(what + ": the platform's answer ended before the offset to resume from");
      }
      left -= r;
    }
  }

  @Override
  public long skip(long n) throws IOException {
    // Through read, so the byte count and the resumes stay right.
    byte[] buffer = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (watch != null) {
      watch.cancel(false);
    }
    closeQuietly(body);
    body = null;
  }

  private static void closeQuietly(@Nullable InputStream in) {
    if (in == null) {
      return;
    }
    try {
      in.close();
    } catch (IOException ignored) {
      // The body is being abandoned; its close failing changes nothing.
    }
  }
}
