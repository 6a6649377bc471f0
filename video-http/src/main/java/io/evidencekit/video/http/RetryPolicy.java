package io.evidencekit.video.http;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.time.Duration;
import java.util.Objects;

/**
 * How hard {@link HttpVideoSource} tries before it reports a platform failure as an {@link java.io.IOException}.
 * Every bound is finite, so a failing platform never holds an import forever. Immutable.
 *
 * @param attempts how many times one request is sent at most (1 = never retried) when the platform
 *     answers 5xx or 429, or cannot be reached; every request this source makes is idempotent (GET, DELETE)
 * @param firstBackoff the wait before the second attempt; each later wait doubles, up to {@code maxBackoff}
 * @param maxBackoff the longest wait between two attempts when the platform names none
 * @param maxRetryAfter the longest wait a platform's {@code Retry-After} may ask for; a longer one fails the
 *     request at once rather than parking the caller
 * @param resumes how many times one recording download is resumed (with {@code Range}) after it broke off
 *     or stalled, before the stream throws
 */
public record RetryPolicy(int attempts, Duration firstBackoff, Duration maxBackoff, Duration maxRetryAfter, int resumes) {
  public RetryPolicy {
    if (attempts < 1 || attempts > 20) {
      throw config("attempts must be 1 to 20");
    }
    Objects.requireNonNull(firstBackoff, "first backoff");
    Objects.requireNonNull(maxBackoff, "max backoff");
    Objects.requireNonNull(maxRetryAfter, "max retry-after");
    if (firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0 || maxRetryAfter.isNegative()) {
      throw config("backoffs must be zero or more, and the maximum at least the first");
    }
    if (maxBackoff.compareTo(Duration.ofHours(1)) > 0 || maxRetryAfter.compareTo(Duration.ofHours(1)) > 0) {
      throw config("waits longer than an hour belong to the caller's schedule, not to one request");
    }
    if (resumes < 0 || resumes > 100) {
      throw config("resumes must be 0 to 100");
    }
  }

  /** 4 attempts, waits of 0.5 s, 1 s, 2 s (at most 30 s), a Retry-After of at most 5 minutes, 5 resumes. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(5), 5);
  }

  /** One attempt, no resume: every failure reaches the caller at once. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0);
  }

  /** The wait after failed attempt number {@code attempt} (1-based) when the platform names none. */
  Duration backoff(int attempt) {
    Duration wait = firstBackoff;
    for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }

  private static EvidenceException config(String message) {
    return new EvidenceException(ErrorCode.CONFIGURATION, "retry policy: " + message);
  }
}
