package io.evidencekit.core.internal;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntUnaryOperator;

/**
 * Runs a worker's passes over its queue one at a time: the background thread skips a pass while one is
 * running (the next tick comes soon), a caller asking for a pass waits for the running one and then runs
 * its own. Thread-safe.
 */
public final class OnePassAtATime {
  private final ReentrantLock running = new ReentrantLock();
  private final IntUnaryOperator pass;

  /** {@code pass} takes up to its argument's items and answers how many it took. */
  public OnePassAtATime(IntUnaryOperator pass) {
    this.pass = pass;
  }

  /** A pass of up to {@code max} items, or 0 at once if a pass is already running. */
  public int inBackground(int max) {
    if (!running.tryLock()) {
      return 0;
    }
    try {
      return pass.applyAsInt(max);
    } finally {
      running.unlock();
    }
  }

  /** A pass of up to {@code max} items on the calling thread, after any pass already running. */
  public int now(int max) {
    running.lock();
    try {
      return pass.applyAsInt(max);
    } finally {
      running.unlock();
    }
  }
}
