package io.evidencekit.portal;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down link guessing: each client address has a bucket of failed link look-ups that refills at
 * a steady rate; once empty, every link request from that address is refused (HTTP 429) before the
 * token is even looked up, so a guesser learns nothing more. Successful look-ups cost nothing, so a
 * large upload in many requests is never throttled. Thread-safe; time comes from the injected clock.
 */
final class TokenRateLimiter {
  /** Buckets kept before full (idle) ones are forgotten; bounds memory under address-spraying. */
  private static final int MAX_TRACKED = 100_000;

  private final Clock clock;
  private final int burst;
  private final long refillNanos;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  TokenRateLimiter(Clock clock, int burst, Duration refillEvery) {
    if (burst < 1 || refillEvery.isNegative() || refillEvery.isZero()) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "burst must be >= 1 and refill interval positive");
    }
    this.clock = clock;
    this.burst = burst;
    this.refillNanos = refillEvery.toNanos();
  }

  /** Whether this address may try a link now. */
  boolean allowed(String address) {
    Bucket b = buckets.get(address);
    return b == null || b.available(now()) >= 1;
  }

  /** Records a failed look-up (unknown, expired or revoked link). */
  void failed(String address) {
    if (buckets.size() >= MAX_TRACKED) {
      long now = now();
      buckets.values().removeIf(b -> b.available(now) >= burst);
    }
    buckets.computeIfAbsent(address, a -> new Bucket(burst, now())).take(now());
  }

  /** Seconds until the address may try again, for Retry-After. */
  long retryAfterSeconds(String address) {
    Bucket b = buckets.get(address);
    if (b == null) {
      return 0;
    }
    return Math.max(1, Duration.ofNanos(b.nanosUntilOne(now())).toSeconds() + 1);
  }

  private long now() {
    Duration sinceEpoch = Duration.between(java.time.Instant.EPOCH, clock.instant());
    return sinceEpoch.toNanos();
  }

  private final class Bucket {
    private double tokens;
    private long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }

    synchronized double available(long now) {
      refill(now);
      return tokens;
    }

    synchronized void take(long now) {
      refill(now);
      tokens = Math.max(0, tokens - 1);
    }

    synchronized long nanosUntilOne(long now) {
      refill(now);
      return tokens >= 1 ? 0 : (long) ((1 - tokens) * refillNanos);
    }

    private void refill(long now) {
      if (now > at) {
        tokens = Math.min(burst, tokens + (double) (now - at) / refillNanos);
        at = now;
      }
    }
  }
}
