package io.evidencekit.tck.crash;

import io.evidencekit.api.ByteRange;
import io.evidencekit.api.Sha256;
import io.evidencekit.spi.BlobId;
import io.evidencekit.spi.BlobStore;
import io.evidencekit.spi.BlobWriter;
import io.evidencekit.spi.StoreCapability;
import io.evidencekit.spi.StoredBlob;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * A real blob store with the crash point {@code blob-durable}: the store has made a blob durable and
 * visible, and the engine has not recorded anything for it yet. Thread-safe, as the store is.
 */
public final class ParkingBlobStore implements BlobStore {
  private final BlobStore real;
  private final CrashPoint crash;

  public ParkingBlobStore(BlobStore real, CrashPoint crash) {
    this.real = real;
    this.crash = crash;
  }

  @Override
  public BlobWriter create() throws IOException {
    return parking(real.create());
  }

  @Override
  public BlobWriter create(long expectedSize) throws IOException {
    return parking(real.create(expectedSize));
  }

  private BlobWriter parking(BlobWriter writer) {
    return new BlobWriter() {
      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        writer.write(bytes, offset, length);
      }

      @Override
      public StoredBlob commit(Sha256 sha256, long size) throws IOException {
        StoredBlob blob = writer.commit(sha256, size);
        crash.reached(CrashPoint.BLOB_DURABLE);
        return blob;
      }

      @Override
      public void close() {
        writer.close();
      }
    };
  }

  @Override
  public Optional<StoredBlob> adopt(Path file, Sha256 sha256, long size) throws IOException {
    Optional<StoredBlob> adopted = real.adopt(file, sha256, size);
    if (adopted.isPresent()) {
      crash.reached(CrashPoint.BLOB_DURABLE);
    }
    return adopted;
  }

  @Override
  public InputStream open(BlobId id, ByteRange range) throws IOException {
    return real.open(id, range);
  }

  @Override
  public boolean exists(BlobId id) throws IOException {
    return real.exists(id);
  }

  @Override
  public long size(BlobId id) throws IOException {
    return real.size(id);
  }

  @Override
  public void delete(BlobId id) throws IOException {
    real.delete(id);
  }

  @Override
  public Set<StoreCapability> capabilities() {
    return real.capabilities();
  }

  @Override
  public void close() {
    real.close();
  }
}
