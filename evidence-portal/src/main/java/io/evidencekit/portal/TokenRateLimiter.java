package io.evidencekit.portal;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The default {@link LinkGuessBudget}, in memory and per portal: budgets for failed link look-ups (unknown, expired or revoked links), so guessing is noticed and
 * answered with nothing more than "too many attempts": one bucket per client address, and one global
 * bucket shared by all addresses, so guessing spread over many addresses is bounded too. Each bucket
 * refills at a steady rate.
 *
 * <p>Every link is looked up whatever the budgets say, and a valid link is never refused: a shop behind
 * one NAT address keeps uploading while someone else there guesses. What an exhausted budget changes is
 * the answer to a failed look-up: 429 instead of 404/410, so a guesser cannot tell an expired or revoked
 * link from one that never existed. Guessing itself is futile against 256-bit tokens; this bounds what
 * it can learn and makes it visible.
 *
 * <p>When the global bucket runs dry, {@code onGuessing} is told once (the portal records a system
 * custody event), with the failures and distinct addresses counted since the bucket was last full; it
 * is told again only after the bucket has filled up again. Thread-safe; time comes from the injected clock.
 */
final class TokenRateLimiter implements LinkGuessBudget {
  /** Buckets kept before full (idle) ones are forgotten; bounds memory under address-spraying. */
  private static final int MAX_TRACKED = 100_000;
  /** Distinct addresses counted per episode at most (the count is a lower bound beyond this). */
  private static final int MAX_COUNTED_ADDRESSES = 10_000;

  /** What the global budget saw when it ran dry. */
  record Episode(long failures, int addresses, Instant since) {}

  private final Clock clock;
  private final int burst;
  private final long refillNanos;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Bucket global;
  private final int globalBurst;
  private final Consumer<Episode> onGuessing;
  private final Object episodeLock = new Object();
  private long episodeFailures;
  private final Set<String> episodeAddresses = ConcurrentHashMap.newKeySet();
  private Instant episodeSince;
  private boolean reported;

  TokenRateLimiter(Clock clock, int burst, Duration refillEvery, int globalBurst, Duration globalRefillEvery,
      Consumer<Episode> onGuessing) {
    this.clock = clock;
    this.burst = burst;
    this.refillNanos = refillEvery.toNanos();
    this.globalBurst = globalBurst;
    this.global = new Bucket(globalBurst, globalRefillEvery.toNanos(), now());
    this.onGuessing = onGuessing;
    this.episodeSince = clock.instant();
  }

  /**
   * Records a failed look-up from {@code address}; returns whether the failure may be answered as such
   * (404/410), or false when the address's or the global budget is exhausted (answer 429).
   */
  @Override
  public boolean failed(String address) {
    long now = now();
    if (buckets.size() >= MAX_TRACKED) {
      buckets.values().removeIf(b -> b.available(now) >= burst);
    }
    boolean addressOk = buckets.computeIfAbsent(address, a -> new Bucket(burst, refillNanos, now)).take(now);
    boolean globalOk;
    Episode report = null;
    synchronized (episodeLock) {
      if (global.available(now) >= globalBurst) {
        // The bucket was full: whatever came before is over; count afresh from here.
        episodeFailures = 0;
        episodeAddresses.clear();
        episodeSince = clock.instant();
        reported = false;
      }
      episodeFailures++;
      if (episodeAddresses.size() < MAX_COUNTED_ADDRESSES) {
        episodeAddresses.add(address);
      }
      globalOk = global.take(now);
      if (!globalOk && !reported) {
        reported = true;
        report = new Episode(episodeFailures, episodeAddresses.size(), episodeSince);
      }
    }
    if (report != null) {
      onGuessing.accept(report);
    }
    return addressOk && globalOk;
  }

  /** Seconds until a failed look-up from the address would be answered as such again, for Retry-After. */
  @Override
  public long retryAfterSeconds(String address) {
    long now = now();
    Bucket b = buckets.get(address);
    long nanos = Math.max(b == null ? 0 : b.nanosUntilOne(now), global.nanosUntilOne(now));
    return Math.max(1, Duration.ofNanos(nanos).toSeconds() + 1);
  }

  private long now() {
    return Duration.between(Instant.EPOCH, clock.instant()).toNanos();
  }

  private static final class Bucket {
    private final int capacity;
    private final long refillNanos;
    private double tokens;
    private long at;

    Bucket(int capacity, long refillNanos, long at) {
      this.capacity = capacity;
      this.refillNanos = refillNanos;
      this.tokens = capacity;
      this.at = at;
    }

    synchronized double available(long now) {
      refill(now);
      return tokens;
    }

    /** Takes one; false if there was less than one to take (the bucket stays empty). */
    synchronized boolean take(long now) {
      refill(now);
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    }

    synchronized long nanosUntilOne(long now) {
      refill(now);
      return tokens >= 1 ? 0 : (long) ((1 - tokens) * refillNanos);
    }

    private void refill(long now) {
      if (now > at) {
        tokens = Math.min(capacity, tokens + (double) (now - at) / refillNanos);
        at = now;
      }
    }
  }
}
