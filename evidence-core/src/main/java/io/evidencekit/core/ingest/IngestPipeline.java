package io.evidencekit.core.ingest;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.Sha256;
import io.evidencekit.spi.BlobStore;
import io.evidencekit.spi.BlobWriter;
import io.evidencekit.spi.StoredBlob;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Moves bytes from a source stream into the blob store once, hashing them with SHA-256 in the same
 * pass, in constant memory.
 *
 * <p><b>Two threads.</b> The caller's thread reads the source and hashes; a writer task, run on the
 * injected {@link Executor}, writes to the {@link BlobWriter} and commits it. They exchange at most
 * {@link #BUFFERS} reused buffers through two bounded queues, so a fast disk and SHA-256 (about 1.7
 * GB/s with the CPU's SHA instructions) run side by side instead of one after the other, and memory
 * stays at {@code BUFFERS × bufferSize} whatever the file size. A buffer is handed to the writer
 * before it is hashed: both only read it, and it comes back for refilling only after both are done.
 *
 * <p><b>Failures.</b> The size limit is enforced while streaming. Any failure (limit, source
 * {@code IOException} = UPLOAD_INTERRUPTED, store {@code IOException} = STORAGE_FAILURE, an interrupt of
 * the caller = UPLOAD_INTERRUPTED with the interrupt flag kept) stops both sides at the next buffer,
 * the writer is closed (discarding the partial blob) and only then does {@link #ingest} throw: when it
 * returns or throws, the writer task has finished and nothing is half-written.
 *
 * <p>Thread-safe: each call has its own buffers, digest and writer task.
 */
public final class IngestPipeline {
  /** Buffers in flight per ingest: one being read and hashed, the others queued for or being written. */
  static final int BUFFERS = 4;
  /**
   * Measured with {@code IngestBenchmark} on a 2 GiB file (README "Ingest speed"): 1, 4 and 8 MiB
   * buffers each won some runs; whichever size ran second after the baseline was faster, so the
   * difference is the machine, not the size. The smallest keeps an upload at 4 MiB of heap.
   */
  public static final int DEFAULT_BUFFER_BYTES = 1 << 20;
  private static final int SMALLEST_BUFFER = 8192;

  private final BlobStore store;
  private final Executor writers;
  private final int bufferBytes;

  /** The store the pipeline writes to. */
  BlobStore store() {
    return store;
  }

  /**
   * @param writers runs one writer task per ingest; each task blocks until its ingest ends, so give an
   *     executor that can run as many tasks at once as there are concurrent uploads (a cached pool)
   */
  public IngestPipeline(BlobStore store, Executor writers) {
    this(store, writers, DEFAULT_BUFFER_BYTES);
  }

  public IngestPipeline(BlobStore store, Executor writers, int bufferBytes) {
    this.store = Objects.requireNonNull(store, "store");
    this.writers = Objects.requireNonNull(writers, "writers");
    if (bufferBytes < SMALLEST_BUFFER) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "an ingest buffer must be at least " + SMALLEST_BUFFER + " bytes");
    }
    this.bufferBytes = bufferBytes;
  }

  /**
   * Stores {@code source} (not closed here: the caller owns it) and returns the durable blob.
   *
   * @throws EvidenceException LIMIT_EXCEEDED past {@code maxBytes}, UPLOAD_INTERRUPTED when the source
   *     fails or the calling thread is interrupted, STORAGE_FAILURE when the store fails
   */
  public StoredBlob ingest(InputStream source, long maxBytes) {
    return ingest(source, maxBytes, bytes -> {});
  }

  /**
   * As {@link #ingest(InputStream, long)}, telling {@code progress} (on the calling thread) the number
   * of bytes read and hashed so far after each buffer.
   */
  public StoredBlob ingest(InputStream source, long maxBytes, LongConsumer progress) {
    return ingest(source, maxBytes, -1, progress);
  }

  /**
   * As {@link #ingest(InputStream, long, LongConsumer)} for content whose length is known in advance (a
   * file, a declared upload length): the store is told ({@link BlobStore#create(long)}), which lets an
   * object store send it in one request. Content of another length fails with UPLOAD_INTERRUPTED and
   * leaves nothing.
   *
   * @param expectedSize the length in bytes, or -1 if unknown
   */
  public StoredBlob ingest(InputStream source, long maxBytes, long expectedSize, LongConsumer progress) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(progress, "progress");
    if (expectedSize > maxBytes) {
      throw new EvidenceException(ErrorCode.LIMIT_EXCEEDED, "the file is larger than the limit of " + maxBytes + " bytes");
    }
    // A small limit needs no large buffer; one byte over it is enough to detect an oversized file.
    int size = (int) Math.max(SMALLEST_BUFFER, Math.min(bufferBytes, maxBytes == Long.MAX_VALUE ? maxBytes : maxBytes + 1));
    Transfer transfer = new Transfer();
    BlobWriter writer = openWriter(expectedSize);
    try {
      writers.execute(() -> transfer.runWriter(writer));
    } catch (RejectedExecutionException e) {
      writer.close();
      throw new EvidenceException(ErrorCode.CLOSED, "the engine is shutting down; nothing was recorded", e);
    }
    MessageDigest sha256 = newDigest();
    long total = 0;
    int allocated = 0;
    try {
      while (true) {
        Chunk chunk = transfer.free.poll();
        if (chunk == null && allocated < BUFFERS) {
          chunk = new Chunk(new byte[size]);
          allocated++;
        } else if (chunk == null) {
          chunk = transfer.free.take();
        }
        transfer.throwIfWriterFailed();
        int n = fill(source, chunk.bytes);
        if (n <= 0) {
          break;
        }
        total += n;
        if (total > maxBytes) {
          throw new EvidenceException(ErrorCode.LIMIT_EXCEEDED, "the file is larger than the limit of " + maxBytes + " bytes");
        }
        if (expectedSize >= 0 && total > expectedSize) {
          throw lengthDiffers(expectedSize); // before the store sees a byte beyond what it was promised
        }
        chunk.length = n;
        transfer.full.put(chunk);
        sha256.update(chunk.bytes, 0, n);
        progress.accept(total);
      }
      if (expectedSize >= 0 && total != expectedSize) {
        throw lengthDiffers(expectedSize);
      }
      transfer.full.put(Chunk.end(Sha256.of(sha256.digest()), total));
      return transfer.result();
    } catch (InterruptedException e) {
      transfer.abort(true);
      Thread.currentThread().interrupt();
      throw interrupted(e);
    } catch (RuntimeException | Error e) {
      boolean wasInterrupted = Thread.currentThread().isInterrupted();
      transfer.abort(wasInterrupted);
      throw e;
    }
  }

  /**
   * Stores a finished local file whose SHA-256 the caller computed while staging it, writing its bytes
   * no second time when the store can adopt the file ({@link BlobStore#adopt}); otherwise streams it as
   * {@link #ingest(InputStream, long)} does. Either way the digest that is returned was computed here:
   * before adopting, the file is read and hashed again (a read from the page cache and SHA-256 at about
   * 1.7 GB/s, far cheaper than the durable second write it replaces) and must equal {@code claimed}.
   *
   * @throws EvidenceException LIMIT_EXCEEDED past {@code maxBytes}, INTEGRITY_FAILURE when the file's
   *     digest is not {@code claimed}, UPLOAD_INTERRUPTED when the calling thread is interrupted,
   *     STORAGE_FAILURE when the file cannot be read or the store fails
   */
  public StoredBlob ingestStaged(Path file, Sha256 claimed, long maxBytes) {
    return ingestStaged(file, claimed, maxBytes, true).blob();
  }

  /** What a staged file became, and whether its digest is the caller's (taken as given) or computed here. */
  public record Staged(StoredBlob blob, boolean digestFromCaller) {}

  /**
   * As {@link #ingestStaged}, except that when the store adopts the file in place, {@code digest} is taken as
   * given instead of reading and hashing the file again. Only for a file whose digest was computed on this
   * server, by library code, from the very bytes as they were written to it (never taken from a client), and
   * which nothing writes any more: the portal's tus staging. Where the store cannot adopt the file it is
   * streamed in and hashed here, and a different digest fails with INTEGRITY_FAILURE, as in
   * {@link #ingestStaged}. Measured by TusPeerBenchmark: the re-read and second SHA-256 cost ~0.8 s of CPU
   * per GB, a fifth of the upload path's.
   */
  public Staged ingestStagedHashedByCaller(Path file, Sha256 digest, long maxBytes) {
    return ingestStaged(file, digest, maxBytes, false);
  }

  private Staged ingestStaged(Path file, Sha256 claimed, long maxBytes, boolean verifyBeforeAdopting) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(claimed, "claimed");
    try {
      long size = Files.size(file);
      if (size > maxBytes) {
        throw new EvidenceException(ErrorCode.LIMIT_EXCEEDED, "the file is larger than the limit of " + maxBytes + " bytes");
      }
      if (verifyBeforeAdopting) {
        Sha256 actual = hashFile(file, size);
        if (!actual.equals(claimed)) {
          throw new EvidenceException(ErrorCode.INTEGRITY_FAILURE, "the staged file's SHA-256 is not the one given for it");
        }
      }
      Optional<StoredBlob> adopted = store.adopt(file, claimed, size);
      if (adopted.isPresent()) {
        return new Staged(adopted.get(), !verifyBeforeAdopting);
      }
    } catch (ClosedByInterruptException e) {
      Thread.currentThread().interrupt();
      throw new EvidenceException(ErrorCode.UPLOAD_INTERRUPTED, "interrupted while reading the staged file; nothing was recorded", e);
    } catch (IOException e) {
      throw new EvidenceException(ErrorCode.STORAGE_FAILURE, "the staged file could not be stored; nothing was recorded", e);
    }
    // The store cannot take the file over (another file system, a remote store): copy it in.
    StoredBlob streamed;
    try (InputStream in = Files.newInputStream(file)) {
      streamed = ingest(in, maxBytes);
    } catch (IOException e) {
      throw new EvidenceException(ErrorCode.STORAGE_FAILURE, "the staged file could not be read; nothing was recorded", e);
    }
    if (!streamed.sha256().equals(claimed)) {
      throw new EvidenceException(ErrorCode.INTEGRITY_FAILURE, "the staged file changed while it was being stored");
    }
    return new Staged(streamed, false);
  }

  /** SHA-256 of exactly {@code size} bytes of {@code file}; a file of another length is a storage failure. */
  private Sha256 hashFile(Path file, long size) throws IOException {
    MessageDigest sha256 = newDigest();
    byte[] buffer = new byte[(int) Math.max(SMALLEST_BUFFER, Math.min(bufferBytes, size))];
    long total = 0;
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        sha256.update(buffer, 0, n);
        total += n;
      }
    }
    if (total != size) {
      throw new IOException("the staged file changed size while it was read");
    }
    return Sha256.of(sha256.digest());
  }

  /** Reads until the buffer is full or the source ends, so the writer gets large, few writes. */
  private static int fill(InputStream source, byte[] buffer) throws InterruptedException {
    int filled = 0;
    while (filled < buffer.length) {
      int n;
      try {
        n = source.read(buffer, filled, buffer.length - filled);
      } catch (java.net.SocketTimeoutException e) {
        throw sourceFailed(e); // a client gone quiet, not an interrupt
      } catch (InterruptedIOException e) {
        // Streams that turn an interrupt into this exception have usually cleared the flag: restore it.
        throw new InterruptedException("interrupted while reading the source");
      } catch (IOException e) {
        throw sourceFailed(e);
      }
      if (n < 0) {
        return filled == 0 ? -1 : filled;
      }
      filled += n;
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while reading the source");
      }
    }
    return filled;
  }

  private BlobWriter openWriter(long expectedSize) {
    try {
      return expectedSize >= 0 ? store.create(expectedSize) : store.create();
    } catch (IOException e) {
      throw storageFailure(e);
    }
  }

  private static EvidenceException sourceFailed(IOException e) {
    return new EvidenceException(ErrorCode.UPLOAD_INTERRUPTED, "the upload stopped before the end of the file", e);
  }

  private static EvidenceException lengthDiffers(long expectedSize) {
    return new EvidenceException(ErrorCode.UPLOAD_INTERRUPTED,
        "the content's length is not the " + expectedSize + " bytes declared; nothing was recorded");
  }

  private static EvidenceException interrupted(InterruptedException e) {
    return new EvidenceException(ErrorCode.UPLOAD_INTERRUPTED, "the upload was interrupted; nothing was recorded", e);
  }

  private static EvidenceException storageFailure(Throwable e) {
    return new EvidenceException(ErrorCode.STORAGE_FAILURE, "the evidence store failed; nothing was recorded", e);
  }

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new EvidenceException(ErrorCode.INTERNAL, "every JDK has SHA-256", e);
    }
  }

  /** A buffer and how much of it holds data; or, with {@code sha256} set, the end of the stream. */
  private static final class Chunk {
    static final Chunk ABORT = new Chunk(new byte[0]);

    final byte[] bytes;
    int length;
    @Nullable Sha256 sha256;
    Chunk(byte[] bytes) {
      this.bytes = bytes;
    }

    long total;

    static Chunk end(Sha256 sha256, long size) {
      Chunk end = new Chunk(new byte[0]);
      end.sha256 = sha256;
      end.total = size;
      return end;
    }
  }

  /** The state one ingest's two sides share. */
  private static final class Transfer {
    // Capacity for every buffer plus one end or abort marker: put() never blocks for long on either side.
    final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS + 1);
    final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(BUFFERS + 1);
    final CompletableFuture<StoredBlob> done = new CompletableFuture<>();
    private volatile boolean aborted;
    private @Nullable Thread writerThread;
    private boolean writerFinished;

    /**
     * The writer side: writes buffers in order, commits at the end marker and always closes the writer
     * before it reports, so when the reading side learns the outcome the blob is committed or gone.
     */
    void runWriter(BlobWriter writer) {
      if (!register()) {
        // Closed before it is reported finished: an abort that waits for the writer must find it discarded.
        writer.close();
        done.completeExceptionally(new InterruptedException("aborted before the writer started"));
        unregister();
        return;
      }
      StoredBlob stored = null;
      Throwable failure = null;
      try (writer) {
        while (stored == null) {
          Chunk chunk = full.take();
          if (chunk == Chunk.ABORT || aborted) {
            failure = new InterruptedException("aborted by the reading side");
            break;
          }
          Sha256 sha256 = chunk.sha256;
          if (sha256 != null) {
            stored = writer.commit(sha256, chunk.total);
          } else {
            writer.write(chunk.bytes, 0, chunk.length);
            free.put(chunk);
          }
        }
      } catch (Throwable e) {
        failure = e;
      }
      unregister();
      if (failure != null) {
        done.completeExceptionally(failure);
        // Wakes the reading side if it waits for a buffer; it then sees the failure.
        free.offer(Chunk.ABORT);
      } else {
        done.complete(stored);
      }
    }

    private synchronized boolean register() {
      if (aborted) {
        return false;
      }
      writerThread = Thread.currentThread();
      return true;
    }

    private synchronized void unregister() {
      writerThread = null;
      writerFinished = true;
      // An abort may have interrupted this pool thread after its last blocking call: clear it so the
      // next task on the thread does not start interrupted.
      Thread.interrupted();
      notifyAll();
    }

    /** Stops the writer side and waits until it has discarded the blob. */
    void abort(boolean interruptWriter) {
      synchronized (this) {
        aborted = true;
        full.offer(Chunk.ABORT);
        if (interruptWriter && writerThread != null) {
          // The store may be blocked in a slow write; an interrupt stops interruptible channels at once.
          writerThread.interrupt();
        }
      }
      awaitWriter();
    }

    /** If the writer failed, the failure as the caller sees it. */
    void throwIfWriterFailed() throws InterruptedException {
      if (done.isCompletedExceptionally()) {
        result();
      }
    }

    StoredBlob result() throws InterruptedException {
      try {
        return done.get();
      } catch (ExecutionException e) {
        throw writerFailure(e.getCause());
      }
    }

    /** The store's own typed errors (INTEGRITY_FAILURE on a conflicting blob, CLOSED) keep their code. */
    private static EvidenceException writerFailure(Throwable cause) {
      if (cause instanceof EvidenceException e) {
        return new EvidenceException(e.code(), e.getMessage(), e);
      }
      return storageFailure(cause);
    }

    /** Waits, not interruptibly, for the writer task to close its writer; it stops within one buffer. */
    private synchronized void awaitWriter() {
      boolean interrupted = false;
      while (!writerFinished) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
