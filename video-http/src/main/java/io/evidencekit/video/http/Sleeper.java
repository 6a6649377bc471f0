package io.evidencekit.video.http;

import java.time.Duration;

/**
 * Waits between attempts (a back-off, or the time a platform's {@code Retry-After} asks for). Injected so
 * tests can record the waits instead of waiting; production uses {@link #system()}.
 */
@FunctionalInterface
public interface Sleeper {

  /** Waits for {@code duration}; throws when the thread is interrupted meanwhile. */
  void sleep(Duration duration) throws InterruptedException;

  /** Waits on the current thread. */
  static Sleeper system() {
    return duration -> {
      long nanos = duration.toNanos();
      if (nanos > 0) {
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
      }
    };
  }
}
