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
 * <h2>Contract</h2>
 *
 * Each rule names the test of {@code BlobStoreContract} (module {@code evidence-tck}) that checks it;
 * a store proves itself by passing that kit.
 *
 * <ul>
 *   <li><b>Threads.</b> Thread-safe: any method may be called from any number of threads at once
 *       ({@code concurrentSameContent}, {@code concurrentDifferentContents}). A {@link BlobWriter} is
 *       used by one thread at a time, but writers of one store are independent ({@code interleavedWriters}).
 *   <li><b>Who closes what.</b> The caller closes every stream {@link #open} returns and every writer
 *       {@link #create()} returns. The host closes the store: the engine never does. {@link #close()} is
 *       idempotent ({@code closeIsIdempotent}).
 *   <li><b>Visible only when durable.</b> Nothing written is visible before {@link BlobWriter#commit}
 *       returns, and nothing at all if the writer is closed without a commit or the commit fails
 *       ({@code invisibleBeforeCommit}, {@code abandonedWriter}, {@code wrongSize}, {@code interruptedWriter}).
 *   <li><b>Exact bytes.</b> A committed blob reads back byte for byte, whole or by range; a range that
 *       starts at or past the end reads as empty ({@code roundTrip}, {@code emptyBlob}, {@code rangeRead},
 *       {@code independentReaders}, {@code largeBlob}).
 *   <li><b>Idempotent.</b> Committing content that is already stored succeeds again
 *       ({@code concurrentSameContent}); deleting a blob that is gone, or never existed, does nothing
 *       ({@code deleteIsIdempotent}, {@code neverStored}).
 *   <li><b>One failure channel per kind of failure.</b>
 *       <ul>
 *         <li>{@link IOException}: the backend failed (disk, network, a refused request), or the bytes
 *             handed over do not have the size declared for them; the operation did not happen and
 *             nothing became visible. The engine reports it as {@code STORAGE_FAILURE} and may retry
 *             ({@code wrongSize}, {@code writerAfterFailure}, {@code adoptWrongSize},
 *             {@code expectedSizeBroken}).
 *         <li>{@link io.evidencekit.api.EvidenceException} with a stable code, for what retrying cannot
 *             change: {@code BLOB_NOT_FOUND} for a blob that is not there ({@code deletedBlob},
 *             {@code neverStored}); {@code INTEGRITY_FAILURE} when bytes do not match their digest, or
 *             differ from what is already stored under that digest ({@code ServerSideChecksum});
 *             {@code INVALID_INPUT} for an id this store could not have issued, unless it simply finds
 *             no such blob ({@code foreignIdRefusedOrNotFound}); {@code CLOSED} after {@link #close()},
 *             unless the store holds nothing and keeps working ({@code afterClose}); {@code CLOSED} also
 *             for a bug in the caller: a writer used after its commit or after {@link BlobWriter#close()}
 *             ({@code writerAfterCommit}, {@code abandonedWriter}). The engine never does it.
 *       </ul>
 *       No other exception leaves a store: a backend's own runtime exceptions are mapped to one of these.
 *   <li><b>Capabilities are declared, not guessed</b>: {@link #capabilities()} lists only what the store
 *       really guarantees, the same on every call and location ({@code capabilitiesAreStable}), and each
 *       one declared is checked by a group of the kit whose tests are skipped, for that one reason, when
 *       it is not declared ({@code WriteOnce}, {@code Deduplicates}, {@code DurableOnCommit},
 *       {@code SharedByProcesses}, {@code ServerSideChecksum}, {@code LegalHold}, {@code RetentionLock}).
 *       {@code VERSIONING} cannot be observed through this interface; a store declaring it tests it itself.
 * </ul>
 */
public interface BlobStore extends AutoCloseable {

  /** Starts a new blob. The caller closes the writer (after commit, or to abandon it). */
  BlobWriter create() throws IOException;

  /**
   * Starts a new blob whose size the caller knows in advance (a file, an upload with a declared length)
   * and promises to write exactly. A store may use it to send the blob in one request; it then fails the
   * write or the commit with {@link IOException}, leaving nothing visible, if another number of bytes was
   * written ({@code expectedSizeKept}, {@code expectedSizeBroken}). Stores that cannot use it keep the
   * default, which ignores it.
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
   * caller then deletes its own name for the file and never writes to it again ({@code adoptOrDecline}).
   *
   * <p>Returns empty, changing nothing, when the store cannot adopt this file (another file system, a
   * remote store); the caller then streams the file through {@link #create()}. The default always
   * returns empty.
   *
   * @throws IOException if the file does not have {@code size} bytes or could not be published; nothing
   *     is then visible ({@code adoptWrongSize})
   */
  default Optional<StoredBlob> adopt(Path file, Sha256 sha256, long size) throws IOException {
    return Optional.empty();
  }

  /**
   * Reads a committed blob, or part of it. The caller closes the stream.
   *
   * @throws io.evidencekit.api.EvidenceException with {@code BLOB_NOT_FOUND} if there is no such blob
   */
  InputStream open(BlobId id, ByteRange range) throws IOException;

  /** Whether a committed blob exists. */
  boolean exists(BlobId id) throws IOException;

  /** The size in bytes of a committed blob; {@code BLOB_NOT_FOUND} if absent. */
  long size(BlobId id) throws IOException;

  /**
   * Deletes a blob. Deleting a blob that does not exist does nothing. A store declaring
   * {@code LEGAL_HOLD} or {@code RETENTION_LOCK} refuses, with {@link IOException}, to delete a blob its
   * backend still protects, and the blob stays readable.
   */
  void delete(BlobId id) throws IOException;

  /** What this store guarantees beyond the basic contract; the same set on every call ({@code capabilitiesAreStable}). */
  default Set<StoreCapability> capabilities() {
    return Set.of();
  }

  /** Releases what the store holds. Idempotent; never throws. */
  @Override
  default void close() {}
}
