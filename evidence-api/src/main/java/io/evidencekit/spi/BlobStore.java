package io.evidencekit.spi;

import io.evidencekit.api.ByteRange;
import io.evidencekit.api.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
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
   * Takes over a complete local file as a committed blob without copying its bytes, if this store can
   * (a store on the same file system can publish it by hard link). The engine computed {@code sha256}
   * over exactly the file's bytes and their count is {@code size}, as for {@link BlobWriter#commit}.
   * When a blob is returned it is durable and visible, exactly as after a commit (committing content
   * already stored returns the existing blob), and the file may share its storage with the blob: the
   * caller then deletes its own name for the file and never writes to it again.
   *
   * <p>Returns empty, changing nothing, when the store cannot adopt this file (another file system, a
   * remote store); the caller then streams the file through {@link #create()}. The default always
   * returns empty.
   *
   * @throws IOException if the file does not have {@code size} bytes or could not be published; nothing
   *     is then visible
   */
  default Optional<StoredBlob> adopt(Path file, Sha256 sha256, long size) throws IOException {
    return Optional.empty();
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
