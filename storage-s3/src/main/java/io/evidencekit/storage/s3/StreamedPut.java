package io.evidencekit.storage.s3;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Base64;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * One PutObject whose body is the blob as it is being written, to a unique key: the server writes the
 * blob once, where it stays, with no multipart assembly and no copy.
 *
 * <p>The writer's thread fills small buffers and hands them to the request, which an upload thread
 * sends; memory stays at {@link #BUFFERS} × {@link #BUFFER_BYTES} whatever the size. The request declares
 * the size given in advance, so the server makes the object visible only once it has every byte: the
 * writer always holds the last buffer back until {@link #finish} (the commit, after the digest was
 * checked), and {@link #abort} breaks the body instead, so the server discards what it received.
 *
 * <p>The body can be read only once: a retry by the SDK after a failure part-way fails at once (the
 * bytes are gone), and the engine reports a storage failure rather than storing something partial.
 */
final class StreamedPut {
  private static final Logger LOG = LoggerFactory.getLogger(StreamedPut.class);
  static final int BUFFER_BYTES = 1 << 20;
  static final int BUFFERS = 4;
  private static final long POLL_MILLIS = 50;

  private static final Piece END = new Piece(new byte[0], 0);
  private static final Piece BROKEN = new Piece(new byte[0], 0);

  private record Piece(byte[] bytes, int length) {}

  private final StoreContext context;
  private final String key;
  private final long size;
  private final BlockingQueue<Piece> full = new ArrayBlockingQueue<>(BUFFERS + 1);
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS + 1);
  private final Future<PutObjectResponse> request;
  /** Set by whichever comes first: the upload thread starting the request, or an abort before it did. */
  private final AtomicBoolean claimed = new AtomicBoolean();
  private int buffersMade;
  private byte[] current;
  private int filled;

  private StreamedPut(StoreContext context, String key, long size) throws IOException {
    this.context = context;
    this.key = key;
    this.size = size;
    this.current = new byte[(int) Math.min(BUFFER_BYTES, size)];
    this.buffersMade = 1;
    AtomicBoolean opened = new AtomicBoolean();
    RequestBody body = RequestBody.fromContentProvider(() -> {
      if (!opened.compareAndSet(false, true)) {
        // The SDK retrying a request whose bytes were already consumed: this attempt fails, the caller's next one may not.
        throw new EvidenceException(ErrorCode.STORAGE_FAILURE, "a streamed blob cannot be sent twice; the upload has to start again");
      }
      return new PipeInput();
    }, size, "application/octet-stream");
    try {
      this.request = context.executor().submit(() -> put(body));
    } catch (RejectedExecutionException e) {
      throw new IOException("the S3 upload executor refused the upload; is it shut down?", e);
    }
  }

  static StreamedPut start(StoreContext context, String key, long size) throws IOException {
    return new StreamedPut(context, key, size);
  }

  /** Appends bytes; the caller has checked they do not go past the declared size. */
  void write(byte[] bytes, int offset, int length) throws IOException {
    int position = offset;
    int remaining = length;
    while (remaining > 0) {
      if (filled == current.length) {
        // Sent only now that more bytes follow: the last buffer waits for the commit.
        hand(new Piece(current, filled));
        current = takeBuffer();
        filled = 0;
      }
      int n = Math.min(remaining, current.length - filled);
      System.arraycopy(bytes, position, current, filled, n);
      filled += n;
      position += n;
      remaining -= n;
    }
  }

  /**
   * Sends the last bytes and waits for the server's answer; the blob is then stored. A SHA-256 the
   * server reports must be ours, else the object is removed and the commit refused.
   */
  PutObjectResponse finish(Sha256 sha256) throws IOException {
    hand(new Piece(current, filled));
    hand(END);
    PutObjectResponse response = await();
    String reported = response.checksumSHA256();
    if (reported != null && !reported.equals(Base64.getEncoder().encodeToString(sha256.bytes()))) {
      remove(response.versionId());
      throw new EvidenceException(ErrorCode.INTEGRITY_FAILURE, "the server received other bytes than were written to " + key);
    }
    return response;
  }

  /** Breaks the body so that the server stores nothing, and waits for the request to end. Never throws. */
  void abort() {
    if (claimed.compareAndSet(false, true)) {
      request.cancel(false); // never started, and now never will: nothing was sent
      return;
    }
    // FutureTask.cancel would not stop a running request: break its body and wait for it to fail.
    full.clear();
    full.offer(BROKEN);
    boolean interrupted = false;
    while (true) {
      try {
        request.get();
        // The server answered although the body was broken: it must not keep an object nobody asked for.
        LOG.warn("a streamed upload to {} completed although it was abandoned; removing it", key);
        remove(null);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException | CancellationException expected) {
        break; // the request failed, as it should: nothing stored
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private PutObjectResponse put(RequestBody body) throws IOException {
    if (!claimed.compareAndSet(false, true)) {
      throw new IOException("the blob written to " + key + " was abandoned before its upload started");
    }
    try {
      return context.client().putObject(context.requests().streamedPut(key, size), body);
    } catch (SdkException e) {
      throw S3Failures.io("PutObject", key, e);
    }
  }

  private PutObjectResponse await() throws IOException {
    try {
      return request.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the upload of " + key);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? new IOException(io.getMessage(), io)
          : new IOException("the upload of " + key + " failed", e.getCause());
    }
  }

  /** Queues a piece for the request; if the request has ended (failed), its failure is thrown. */
  private void hand(Piece piece) throws IOException {
    try {
      while (!full.offer(piece, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        if (request.isDone()) {
          await();
          throw new IOException("the upload of " + key + " ended before the blob was written");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while uploading " + key);
    }
  }

  private byte[] takeBuffer() throws IOException {
    byte[] buffer = free.poll();
    if (buffer != null) {
      return buffer;
    }
    if (buffersMade < BUFFERS) {
      buffersMade++;
      return new byte[current.length];
    }
    try {
      while ((buffer = free.poll(POLL_MILLIS, TimeUnit.MILLISECONDS)) == null) {
        if (request.isDone()) {
          await();
          throw new IOException("the upload of " + key + " ended before the blob was written");
        }
      }
      return buffer;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while uploading " + key);
    }
  }

  private void remove(@Nullable String versionId) {
    boolean interrupted = Thread.interrupted();
    try {
      context.client().deleteObject(r -> {
        r.bucket(context.bucket()).key(key);
        if (versionId != null && !"null".equals(versionId)) {
          r.versionId(versionId);
        }
      });
    } catch (SdkException e) {
      LOG.warn("could not delete {}: {}", key, S3Failures.describe("DeleteObject", key, e));
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The request's body: the pieces in order, then the end; a broken pipe fails the request. */
  private final class PipeInput extends InputStream {
    private @Nullable Piece piece;
    private int position;
    private boolean ended;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      while (piece == null || position == piece.length()) {
        if (ended) {
          return -1;
        }
        if (piece != null) {
          free.offer(piece.bytes());
          piece = null;
        }
        Piece next;
        try {
          next = full.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("the upload of " + key + " was stopped");
        }
        if (next == BROKEN) {
          throw new IOException("the blob written to " + key + " was abandoned");
        }
        if (next == END) {
          ended = true;
          return -1;
        }
        piece = next;
        position = 0;
      }
      int n = Math.min(length, piece.length() - position);
      System.arraycopy(piece.bytes(), position, into, offset, n);
      position += n;
      return n;
    }
  }
}
