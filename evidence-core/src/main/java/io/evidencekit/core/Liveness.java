package io.evidencekit.core;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.util.concurrent.atomic.AtomicBoolean;

/** Whether the engine is still open; every role checks it before acting. Thread-safe. */
final class Liveness {
  private final AtomicBoolean closed = new AtomicBoolean();

  void check() {
    if (closed.get()) {
      throw new EvidenceException(ErrorCode.CLOSED, "the engine is closed");
    }
  }

  boolean isClosed() {
    return closed.get();
  }

  /** True for the one caller that closes. */
  boolean close() {
    return closed.compareAndSet(false, true);
  }
}
