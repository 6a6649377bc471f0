package io.evidencekit.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.ByteRange;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.Sha256;
import io.evidencekit.spi.BlobId;
import io.evidencekit.spi.BlobStore;
import io.evidencekit.spi.BlobWriter;
import io.evidencekit.spi.StoredBlob;
import io.evidencekit.tck.blob.SyntheticContent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The ingest pipeline")
class IngestPipelineTest {
  private static final int MIB = 1 << 20;

  private final ExecutorService writers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "test-writer");
    t.setDaemon(true);
    return t;
  });
  private final ProbeStore store = new ProbeStore();

  @AfterEach
  void stopWriters() throws InterruptedException {
    writers.shutdownNow();
    assertThat(writers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  @DisplayName("a 100 MiB stream is stored once with its SHA-256, through at most four reused buffers, written on the writer thread")
  void storesAndHashesInConstantMemory() throws Exception {
    IngestPipeline pipeline = new IngestPipeline(store, writers);
    long size = 100L * MIB + 12_345;

    StoredBlob blob = pipeline.ingest(content(size, 7), Long.MAX_VALUE);

    assertThat(blob.size()).isEqualTo(size);
    assertThat(blob.sha256()).isEqualTo(sha256Of(content(size, 7)));
    assertThat(store.committed).containsExactly(blob.sha256());
    assertThat(store.bytesWritten.get()).isEqualTo(size);
    assertThat(store.distinctArrays()).isBetween(1, IngestPipeline.BUFFERS);
    assertThat(store.writerThreads).containsOnly("test-writer");
    assertThat(store.openWriters.get()).isZero();
  }

  @Test
  @DisplayName("an empty stream is stored as an empty blob")
  void emptyStream() {
    StoredBlob blob = new IngestPipeline(store, writers).ingest(new ByteArrayInputStream(new byte[0]), 10);

    assertThat(blob.size()).isZero();
    assertThat(blob.sha256().hex()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  @DisplayName("progress is reported on the caller's thread with the bytes hashed so far, ending at the size")
  void reportsProgress() {
    List<Long> seen = new ArrayList<>();
    Thread caller = Thread.currentThread();
    AtomicBoolean onCaller = new AtomicBoolean(true);

    new IngestPipeline(store, writers, 64 * 1024).ingest(content(300_000, 1), Long.MAX_VALUE, bytes -> {
      seen.add(bytes);
      onCaller.compareAndSet(true, Thread.currentThread() == caller);
    });

    assertThat(seen).isSorted().endsWith(300_000L).hasSize(5);
    assertThat(onCaller).isTrue();
  }

  @Test
  @DisplayName("a stream over the limit fails with LIMIT_EXCEEDED while streaming, and the partial blob is discarded")
  void limit() {
    IngestPipeline pipeline = new IngestPipeline(store, writers);

    assertCode(() -> pipeline.ingest(content(50L * MIB, 2), 10L * MIB), ErrorCode.LIMIT_EXCEEDED);

    assertThat(store.committed).isEmpty();
    assertThat(store.discarded.get()).isEqualTo(1);
    assertThat(store.openWriters.get()).isZero();
    assertThat(store.bytesWritten.get()).isLessThanOrEqualTo(10L * MIB);
  }

  @Test
  @DisplayName("a source failing mid-stream gives UPLOAD_INTERRUPTED and the partial blob is discarded")
  void sourceFails() {
    InputStream breaks = new FailingAfter(content(20L * MIB, 3), 5L * MIB);

    assertCode(() -> new IngestPipeline(store, writers).ingest(breaks, Long.MAX_VALUE), ErrorCode.UPLOAD_INTERRUPTED);

    assertThat(store.committed).isEmpty();
    assertThat(store.discarded.get()).isEqualTo(1);
    assertThat(store.openWriters.get()).isZero();
  }

  @Test
  @DisplayName("a store failing on write gives STORAGE_FAILURE, stops reading the source early and discards the blob")
  void storeFailsOnWrite() {
    store.failWriteAfter.set(3L * MIB);
    CountingStream source = new CountingStream(content(200L * MIB, 4));

    assertCode(() -> new IngestPipeline(store, writers).ingest(source, Long.MAX_VALUE), ErrorCode.STORAGE_FAILURE);

    assertThat(source.read).isLessThan(20L * MIB);
    assertThat(store.committed).isEmpty();
    assertThat(store.discarded.get()).isEqualTo(1);
    assertThat(store.openWriters.get()).isZero();
  }

  @Test
  @DisplayName("a store failing on commit gives STORAGE_FAILURE and the blob is discarded")
  void storeFailsOnCommit() {
    store.failCommit.set(true);

    assertCode(() -> new IngestPipeline(store, writers).ingest(content(3 * MIB, 5), Long.MAX_VALUE),
        ErrorCode.STORAGE_FAILURE);

    assertThat(store.committed).isEmpty();
    assertThat(store.openWriters.get()).isZero();
  }

  @Test
  @DisplayName("a typed error from the store keeps its code")
  void storeTypedError() {
    store.commitError.set(new EvidenceException(ErrorCode.INTEGRITY_FAILURE, "conflicting blob"));

    assertCode(() -> new IngestPipeline(store, writers).ingest(content(1000, 5), Long.MAX_VALUE),
        ErrorCode.INTEGRITY_FAILURE);
  }

  @Test
  @DisplayName("a store that cannot create a writer gives STORAGE_FAILURE and starts no writer task")
  void createFails() {
    store.failCreate.set(true);
    AtomicInteger tasks = new AtomicInteger();

    assertCode(() -> new IngestPipeline(store, r -> {
      tasks.incrementAndGet();
      writers.execute(r);
    }).ingest(content(1000, 5), Long.MAX_VALUE), ErrorCode.STORAGE_FAILURE);

    assertThat(tasks).hasValue(0);
  }

  @Test
  @DisplayName("an executor that refuses the writer task gives CLOSED and discards the writer")
  void executorRefuses() {
    ExecutorService stopped = Executors.newSingleThreadExecutor();
    stopped.shutdown();

    assertCode(() -> new IngestPipeline(store, stopped).ingest(content(1000, 5), Long.MAX_VALUE), ErrorCode.CLOSED);

    assertThat(store.openWriters.get()).isZero();
  }

  @Test
  @DisplayName("interrupting the caller while it waits on the source stops both sides, discards the blob and keeps the interrupt flag")
  void interruptWhileReading() throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    InputStream stalls = new InputStream() {
      private final InputStream first = content(5L * MIB, 6);

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = first.read(b, off, len);
        if (n >= 0) {
          return n;
        }
        reading.countDown();
        try {
          new CountDownLatch(1).await(); // a client that sends nothing more
          return -1;
        } catch (InterruptedException e) {
          throw new InterruptedIOException("read interrupted");
        }
      }
    };

    Outcome outcome = runInThread(() -> new IngestPipeline(store, writers).ingest(stalls, Long.MAX_VALUE), reading);

    assertThat(outcome.failure()).isInstanceOfSatisfying(EvidenceException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.UPLOAD_INTERRUPTED));
    assertThat(outcome.interruptFlagKept()).isTrue();
    assertThat(store.committed).isEmpty();
    assertThat(store.discarded.get()).isEqualTo(1);
    assertThat(store.openWriters.get()).isZero();
  }

  @Test
  @DisplayName("interrupting the caller while the store is stuck in a write interrupts the writer too, and both stop")
  void interruptWhileStoreBlocks() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    store.blockWrites.set(writing);

    Outcome outcome = runInThread(() -> new IngestPipeline(store, writers).ingest(content(50L * MIB, 8), Long.MAX_VALUE),
        writing);

    assertThat(outcome.failure()).isInstanceOfSatisfying(EvidenceException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.UPLOAD_INTERRUPTED));
    assertThat(outcome.interruptFlagKept()).isTrue();
    assertThat(store.writeInterrupted).isTrue();
    assertThat(store.committed).isEmpty();
    assertThat(store.openWriters.get()).isZero();
  }

  @Test
  @DisplayName("a pool thread interrupted by an abort is handed back clean to the next upload")
  void writerThreadIsReusableAfterAbort() throws Exception {
    ExecutorService single = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch writing = new CountDownLatch(1);
      store.blockWrites.set(writing);
      runInThread(() -> new IngestPipeline(store, single).ingest(content(50L * MIB, 8), Long.MAX_VALUE), writing);
      store.blockWrites.set(null);

      StoredBlob blob = new IngestPipeline(store, single).ingest(content(3 * MIB, 9), Long.MAX_VALUE);

      assertThat(blob.size()).isEqualTo(3 * MIB);
    } finally {
      single.shutdownNow();
    }
  }

  // ------------------------------------------------------------------------------------------ helpers

  private record Outcome(Throwable failure, boolean interruptFlagKept) {}

  /** Runs {@code task} on a new thread, interrupts it once {@code ready} opens, and waits for it to end. */
  private static Outcome runInThread(Runnable task, CountDownLatch ready) throws InterruptedException {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicBoolean flag = new AtomicBoolean();
    Thread thread = new Thread(() -> {
      try {
        task.run();
      } catch (Throwable e) {
        failure.set(e);
      }
      flag.set(Thread.currentThread().isInterrupted());
    });
    thread.start();
    assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
    thread.interrupt();
    thread.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(thread.isAlive()).as("the ingest stopped promptly").isFalse();
    return new Outcome(failure.get(), flag.get());
  }

  private static void assertCode(Runnable call, ErrorCode code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  /** {@code size} pseudo-random bytes, generated as read: nothing held in memory. */
  private static InputStream content(long size, long seed) {
    SyntheticContent bytes = new SyntheticContent(seed);
    return new InputStream() {
      long position;

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (position >= size) {
          return -1;
        }
        int n = (int) Math.min(len, size - position);
        bytes.fill(position, b, off, n);
        position += n;
        return n;
      }
    };
  }

  private static Sha256 sha256Of(InputStream in) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[1 << 16];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      md.update(buffer, 0, n);
    }
    return Sha256.of(md.digest());
  }

  /** Throws an IOException once {@code after} bytes have been read, as a dropped connection does. */
  private static final class FailingAfter extends InputStream {
    private final InputStream in;
    private final long after;
    private long read;

    FailingAfter(InputStream in, long after) {
      this.in = in;
      this.after = after;
    }

    @Override
    public int read() {
      throw new UnsupportedOperationException();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (read >= after) {
        throw new IOException("connection reset");
      }
      int n = in.read(b, off, (int) Math.min(len, after - read));
      read += Math.max(0, n);
      return n;
    }
  }

  private static final class CountingStream extends InputStream {
    private final InputStream in;
    volatile long read;

    CountingStream(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() {
      throw new UnsupportedOperationException();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      read += Math.max(0, n);
      return n;
    }
  }

  /** A store that keeps only counts, with switches for each failure. */
  private static final class ProbeStore implements BlobStore {
    final List<Sha256> committed = Collections.synchronizedList(new ArrayList<>());
    final Set<String> writerThreads = Collections.synchronizedSet(new java.util.HashSet<>());
    final Set<byte[]> arrays = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    final java.util.concurrent.atomic.AtomicLong bytesWritten = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong failWriteAfter = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
    final AtomicBoolean failCommit = new AtomicBoolean();
    final AtomicBoolean failCreate = new AtomicBoolean();
    final AtomicReference<RuntimeException> commitError = new AtomicReference<>();
    final AtomicReference<CountDownLatch> blockWrites = new AtomicReference<>();
    final AtomicInteger openWriters = new AtomicInteger();
    final AtomicInteger discarded = new AtomicInteger();
    volatile boolean writeInterrupted;

    int distinctArrays() {
      return arrays.size();
    }

    @Override
    public BlobWriter create() throws IOException {
      if (failCreate.get()) {
        throw new IOException("disk gone");
      }
      openWriters.incrementAndGet();
      return new BlobWriter() {
        long written;
        boolean done;

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
          writerThreads.add(Thread.currentThread().getName());
          arrays.add(bytes);
          CountDownLatch block = blockWrites.get();
          if (block != null) {
            block.countDown();
            try {
              new CountDownLatch(1).await(); // a hung disk or network mount
            } catch (InterruptedException e) {
              writeInterrupted = true;
              throw new InterruptedIOException("write interrupted");
            }
          }
          if (written + length > failWriteAfter.get()) {
            throw new IOException("disk full");
          }
          written += length;
          bytesWritten.addAndGet(length);
        }

        @Override
        public StoredBlob commit(Sha256 sha256, long size) throws IOException {
          RuntimeException error = commitError.get();
          if (error != null) {
            throw error;
          }
          if (failCommit.get()) {
            throw new IOException("fsync failed");
          }
          if (size != written) {
            throw new IOException("size mismatch");
          }
          done = true;
          committed.add(sha256);
          return new StoredBlob(new BlobId("probe/" + sha256.hex()), size, sha256);
        }

        @Override
        public void close() {
          if (openWriters.get() > 0 && !closedOnce) {
            closedOnce = true;
            openWriters.decrementAndGet();
            if (!done) {
              discarded.incrementAndGet();
            }
          }
        }

        private boolean closedOnce;
      };
    }

    @Override
    public InputStream open(BlobId id, ByteRange range) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean exists(BlobId id) {
      return false;
    }

    @Override
    public long size(BlobId id) {
      return 0;
    }

    @Override
    public void delete(BlobId id) {}
  }
}
