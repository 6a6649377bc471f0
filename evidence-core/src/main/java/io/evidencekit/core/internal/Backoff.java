package io.evidencekit.core.internal;

import java.time.Duration;

/** Exponential backoff with jitter for work retried in the background (scans, inspections, deliveries at source). */
public final class Backoff {
  private Backoff() {}

  /**
   * The wait before pass {@code failures + 1}: {@code first} doubled per failure after the first, at most
   * {@code max}, spread by {@code jitter} in [0, 1) over 80-120% so engines that failed together do not
   * retry together.
   */
  public static Duration after(Duration first, Duration max, int failures, double jitter) {
    long base = first.toMillis();
    long capped = max.toMillis();
    long delay = failures >= 30 ? capped : Math.min(capped, base << Math.max(0, failures - 1));
    return Duration.ofMillis(Math.round(delay * (0.8 + 0.4 * jitter)));
  }
}
