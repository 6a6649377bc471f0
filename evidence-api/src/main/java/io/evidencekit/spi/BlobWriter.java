package io.evidencekit.spi;

import io.evidencekit.api.Sha256;
import java.io.IOException;

/**
 * One blob being written. Nothing written is visible to readers until {@link #commit} returns;
 * {@link #close()} without a commit discards it. Part of the {@link BlobStore} contract, checked by the
 * same kit ({@code BlobStoreContract}).
 *
 * <p>Not thread-safe: a writer is used by one thread at a time. The caller closes it, after a commit or
 * to abandon it. Using it after a commit or after {@link #close()} is a bug in the caller and throws
 * {@link io.evidencekit.api.EvidenceException} {@code CLOSED} ({@code writerAfterCommit}, {@code abandonedWriter}); after a failed
 * write or commit every further call throws {@link IOException} ({@code writerAfterFailure}).
 */
public interface BlobWriter extends AutoCloseable {

  /**
   * Appends bytes. The caller keeps ownership of the array and may reuse it as soon as this returns
   * ({@code writerCopiesTheCallersBuffer}).
   *
   * @throws IOException if the backend failed; the writer is then discarded
   */
  void write(byte[] bytes, int offset, int length) throws IOException;

  /**
   * Makes the blob durable and visible. The engine computed {@code sha256} over exactly the bytes
   * written and their count is {@code size}; a content-addressed store names the blob by it. When it
   * returns, the blob survives a crash. May be called once.
   *
   * @throws IOException if the blob could not be made durable, or {@code size} is not the number of
   *     bytes written ({@code wrongSize}); the writer is then discarded and nothing is visible
   * @throws io.evidencekit.api.EvidenceException {@code INTEGRITY_FAILURE} if the store checks
   *     {@code sha256} against the bytes and they differ, or holds other bytes under that digest
   */
  StoredBlob commit(Sha256 sha256, long size) throws IOException;

  /** Discards the blob unless committed. Idempotent; never throws, not even for a failure to clean up. */
  @Override
  void close();
}
