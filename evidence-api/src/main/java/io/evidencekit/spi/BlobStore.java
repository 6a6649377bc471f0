package io.evidencekit.spi;

import io.evidencekit.api.ByteRange;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * Stores evidence bytes as opaque blobs. The engine hashes what it writes and verifies what it reads;
 * the store only has to keep bytes exactly and make them durable on commit.
 *
 * <p>Implementations must be thread-safe. Streams returned by {@link #open} belong to the caller, who
 * closes them. {@link #close()} is idempotent.
 */
public interface BlobStore extends AutoCloseable {

  /** Starts a new blob. The caller closes the writer (after commit, or to abandon it). */
  BlobWriter create() throws IOException;

  /**
   * Starts a new blob whose size the caller knows in advance (a file, an upload with a declared length)
   * and promises to write exactly. A store may use it to send the blob in one request; it then fails the
   * commit, leaving nothing visible, if another number of bytes was written. Stores that cannot use it
   * keep the default, which ignores it.
   */
  default BlobWriter create(long expectedSize) throws IOException {
    return create();
  }

  /**
   * Reads a committed blob, or part of it.
   *
   * @throws io.evidencekit.api.EvidenceException with {@code BLOB_NOT_FOUND} if there is no such blob
   */
  InputStream open(BlobId id, ByteRange range) throws IOException;

  /** Whether a committed blob exists. */
  boolean exists(BlobId id) throws IOException;

  /** The size in bytes of a committed blob; {@code BLOB_NOT_FOUND} if absent. */
  long size(BlobId id) throws IOException;

  /** Deletes a blob. Deleting a blob that does not exist does nothing. */
  void delete(BlobId id) throws IOException;

  /** What this store guarantees beyond the basic contract. */
  default Set<StoreCapability> capabilities() {
    return Set.of();
  }

  @Override
  default void close() {}
}
