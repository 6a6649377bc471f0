package io.evidencekit.core.notify;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.time.Duration;

/**
 * How the outbox retries: the first retry after {@code firstRetry}, doubling up to {@code maxDelay}
 * (with +/-20% jitter so many engines do not retry in step), until {@code giveUpAfter} has passed since
 * the message was written; {@code pollInterval} is how often a background worker looks for due messages.
 */
public record DeliveryPolicy(Duration firstRetry, Duration maxDelay, Duration giveUpAfter, Duration pollInterval) {
  public static final DeliveryPolicy DEFAULT =
      new DeliveryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofDays(3), Duration.ofSeconds(2));

  public DeliveryPolicy {
    for (Duration d : new Duration[] {firstRetry, maxDelay, giveUpAfter, pollInterval}) {
      if (d.isNegative() || d.isZero()) {
        throw new EvidenceException(ErrorCode.CONFIGURATION, "delivery policy durations must be positive");
      }
    }
    if (maxDelay.compareTo(firstRetry) < 0) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "maxDelay must not be shorter than firstRetry");
    }
  }

  /** The wait before attempt {@code failures + 1}; {@code jitter} in [0, 1). */
  Duration delayAfter(int failures, double jitter) {
    long base = firstRetry.toMillis();
    long capped = maxDelay.toMillis();
    long delay = failures >= 30 ? capped : Math.min(capped, base << Math.max(0, failures - 1));
    return Duration.ofMillis(Math.round(delay * (0.8 + 0.4 * jitter)));
  }
}
