package io.evidencekit.spi;

import io.evidencekit.api.Sha256;
import java.io.IOException;

/**
 * One blob being written. Nothing written is visible to readers until {@link #commit} returns;
 * {@link #close()} without a commit discards it. A writer is used by one thread at a time.
 */
public interface BlobWriter extends AutoCloseable {

  /** Appends bytes. The caller keeps ownership of the array. */
  void write(byte[] bytes, int offset, int length) throws IOException;

  /**
   * Makes the blob durable and visible. The engine computed {@code sha256} over exactly the bytes
   * written and their count is {@code size}; a content-addressed store names the blob by it. When it
   * returns, the blob survives a crash. May be called once.
   *
   * @throws IOException if the blob could not be made durable; the writer is then discarded
   */
  StoredBlob commit(Sha256 sha256, long size) throws IOException;

  /** Discards the blob unless committed. Idempotent; never throws for a failure to clean up. */
  @Override
  void close();
}
