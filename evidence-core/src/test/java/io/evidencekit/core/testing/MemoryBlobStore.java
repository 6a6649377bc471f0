package io.evidencekit.core.testing;

import io.evidencekit.api.ByteRange;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.Sha256;
import io.evidencekit.spi.BlobId;
import io.evidencekit.spi.BlobStore;
import io.evidencekit.spi.BlobWriter;
import io.evidencekit.spi.StoredBlob;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A content-addressed store in memory with a fault switch: after {@code failAfterBytes} bytes a write
 * throws, as a full disk or a dropped storage connection would. Counts writers still open so tests
 * can check nothing is left half-written.
 *
 * <p>{@link #writingInPlace()} makes one that names each blob uniquely instead, as an object store
 * writing large blobs in place does: identical content is then stored again unless the engine
 * deduplicates. It remembers the sizes announced through {@link #create(long)}.
 *
 * <p>Keeps the {@link BlobStore} contract ({@code MemoryBlobStoreContractTest}), so what the engine's tests
 * see of it is what they would see of a real store.
 */
public final class MemoryBlobStore implements BlobStore {
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final boolean inPlace;
  private final List<Long> announcedSizes = new CopyOnWriteArrayList<>();

  public MemoryBlobStore() {
    this(false);
  }

  private MemoryBlobStore(boolean inPlace) {
    this.inPlace = inPlace;
  }

  /** A store that gives every committed blob an id of its own and so does not deduplicate. */
  public static MemoryBlobStore writingInPlace() {
    return new MemoryBlobStore(true);
  }

  /** The sizes callers announced to {@link #create(long)}, in order. */
  public List<Long> announcedSizes() {
    return List.copyOf(announcedSizes);
  }

  @Override
  public BlobWriter create(long expectedSize) {
    announcedSizes.add(expectedSize);
    return create();
  }
  private final AtomicInteger openWriters = new AtomicInteger();
  private final AtomicLong failAfterBytes = new AtomicLong(Long.MAX_VALUE);

  public void failAfterBytes(long bytes) {
    failAfterBytes.set(bytes);
  }

  public int blobCount() {
    return blobs.size();
  }

  public int openWriters() {
    return openWriters.get();
  }

  /** Changes stored bytes behind the engine's back, as corruption or tampering would. */
  public void corrupt(BlobId id) {
    blobs.computeIfPresent(key(id), (k, v) -> {
      byte[] copy = v.clone();
      copy[0] ^= 1;
      return copy;
    });
  }

  @Override
  public BlobWriter create() {
    openWriters.incrementAndGet();
    return new BlobWriter() {
      private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      private boolean closed;
      private boolean committed;
      private boolean failed;

      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        requireUsable();
        if (buffer.size() + (long) length > failAfterBytes.get()) {
          failed = true;
          throw new IOException("simulated storage failure");
        }
        buffer.write(bytes, offset, length);
      }

      @Override
      public StoredBlob commit(Sha256 sha256, long size) throws IOException {
        requireUsable();
        if (size != buffer.size()) {
          failed = true;
          throw new IOException("size mismatch");
        }
        committed = true;
        String name = inPlace ? UUID.randomUUID().toString() : sha256.hex();
        blobs.putIfAbsent(name, buffer.toByteArray());
        return new StoredBlob(new BlobId("mem/" + name), size, sha256);
      }

      private void requireUsable() throws IOException {
        if (closed || committed) {
          throw new EvidenceException(ErrorCode.CLOSED, committed ? "the writer was committed" : "the writer is closed");
        }
        if (failed) {
          throw new IOException("the writer was discarded after an earlier failure");
        }
      }

      @Override
      public void close() {
        if (!closed) {
          closed = true;
          openWriters.decrementAndGet();
        }
      }
    };
  }

  @Override
  public InputStream open(BlobId id, ByteRange range) {
    byte[] bytes = get(id);
    int from = (int) Math.min(range.offset(), bytes.length);
    int to = (int) Math.min(bytes.length, from + Math.min(range.length(), Integer.MAX_VALUE));
    return new ByteArrayInputStream(Arrays.copyOfRange(bytes, from, to));
  }

  @Override
  public boolean exists(BlobId id) {
    return blobs.containsKey(key(id));
  }

  @Override
  public long size(BlobId id) {
    return get(id).length;
  }

  @Override
  public void delete(BlobId id) {
    blobs.remove(key(id));
  }

  private byte[] get(BlobId id) {
    byte[] bytes = blobs.get(key(id));
    if (bytes == null) {
      throw new EvidenceException(ErrorCode.BLOB_NOT_FOUND, "no such blob");
    }
    return bytes;
  }

  private static String key(BlobId id) {
    if (!id.value().startsWith("mem/")) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "not an id of this store");
    }
    return id.value().substring("mem/".length());
  }
}
