package io.evidencekit.core.scan;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.core.internal.Backoff;
import java.time.Duration;

/**
 * How the engine scans: how often the background worker looks for due items ({@code pollInterval}), how
 * many it takes at a time ({@code batch}); a pass without a verdict is retried after {@code firstRetry},
 * doubling up to {@code maxDelay} (with +/-20% jitter), and after {@code maxAttempts} passes the item is
 * flagged {@code COULD_NOT_SCAN}. A claim lasts {@code lease} plus one second per 8 MiB of the item, after
 * which another worker may take the item (the first one's result is then discarded). The officer's
 * submission notice waits for the scans of its files at most {@code noticeWait}. Immutable.
 */
public record ScanPolicy(Duration pollInterval, int batch, Duration firstRetry, Duration maxDelay, int maxAttempts,
    Duration lease, Duration noticeWait) {
  public static final ScanPolicy DEFAULT = new ScanPolicy(Duration.ofSeconds(2), 16, Duration.ofSeconds(30),
      Duration.ofMinutes(30), 8, Duration.ofMinutes(5), Duration.ofMinutes(10));

  public ScanPolicy {
    for (Duration d : new Duration[] {pollInterval, firstRetry, maxDelay, lease}) {
      if (d.isNegative() || d.isZero()) {
        throw new EvidenceException(ErrorCode.CONFIGURATION, "scan policy durations must be positive");
      }
    }
    if (noticeWait.isNegative()) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "the notice wait cannot be negative");
    }
    if (maxDelay.compareTo(firstRetry) < 0) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "maxDelay must not be shorter than firstRetry");
    }
    if (batch < 1 || batch > 1_000 || maxAttempts < 1) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "batch must be 1 to 1000 and maxAttempts at least 1");
    }
  }

  /** The wait before pass {@code failures + 1}; {@code jitter} in [0, 1). */
  Duration delayAfter(int failures, double jitter) {
    return Backoff.after(firstRetry, maxDelay, failures, jitter);
  }

  /** How long a claim on an item of {@code size} bytes lasts. */
  Duration leaseFor(long size) {
    return lease.plusSeconds(size >> 23);
  }
}
