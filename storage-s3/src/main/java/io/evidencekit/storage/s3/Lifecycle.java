package io.evidencekit.storage.s3;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.util.concurrent.atomic.AtomicBoolean;

/** Open or closed, shared by a store and its writers so that a writer cannot commit into a closed store. */
final class Lifecycle {
  private final AtomicBoolean closed = new AtomicBoolean();

  void ensureOpen() {
    if (closed.get()) {
      throw new EvidenceException(ErrorCode.CLOSED, "the S3 blob store is closed");
    }
  }

  /** True the first time only, so the caller releases its resources once. */
  boolean close() {
    return closed.compareAndSet(false, true);
  }
}
