package io.evidencekit.core.media;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.core.internal.Backoff;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the engine inspects media: how often the background worker looks for due items ({@code pollInterval})
 * and how many it takes at a time ({@code batch}); a pass that could not inspect is retried after
 * {@code firstRetry}, doubling up to {@code maxDelay} (+/-20% jitter), and after {@code maxAttempts} passes
 * the item is recorded as could-not-inspect. A claim lasts {@code lease} plus one second per 8 MiB, after
 * which another worker may take the item. Each item is copied (verified against its hash) into a directory
 * under {@code scratch} (default: {@code java.io.tmpdir}) for the inspector, and the copy is deleted
 * afterwards; the master in the blob store is never handed out. Immutable.
 */
public record InspectionPolicy(Duration pollInterval, int batch, Duration firstRetry, Duration maxDelay, int maxAttempts,
    Duration lease, Optional<Path> scratch) {
  public static final InspectionPolicy DEFAULT = new InspectionPolicy(Duration.ofSeconds(2), 4, Duration.ofSeconds(30),
      Duration.ofMinutes(30), 5, Duration.ofMinutes(10), Optional.empty());

  public InspectionPolicy {
    for (Duration d : new Duration[] {pollInterval, firstRetry, maxDelay, lease}) {
      if (d.isNegative() || d.isZero()) {
        throw new EvidenceException(ErrorCode.CONFIGURATION, "inspection policy durations must be positive");
      }
    }
    if (maxDelay.compareTo(firstRetry) < 0) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "maxDelay must not be shorter than firstRetry");
    }
    if (batch < 1 || batch > 100 || maxAttempts < 1) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "batch must be 1 to 100 and maxAttempts at least 1");
    }
    Objects.requireNonNull(scratch, "scratch");
  }

  /** The same policy, copying items for inspection under {@code directory}. */
  public InspectionPolicy withScratch(Path directory) {
    return new InspectionPolicy(pollInterval, batch, firstRetry, maxDelay, maxAttempts, lease, Optional.of(directory));
  }

  Duration delayAfter(int failures, double jitter) {
    return Backoff.after(firstRetry, maxDelay, failures, jitter);
  }

  Duration leaseFor(long size) {
    return lease.plusSeconds(size >> 23);
  }
}
