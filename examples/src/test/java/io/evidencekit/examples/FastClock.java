package io.evidencekit.examples;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that runs {@code speed} times faster than real time from when it is made: the fake Notify moves
 * its messages through their statuses on it, so a minute of Notify's time passes in half a second.
 */
final class FastClock extends Clock {
  private final Instant start = Instant.now();
  private final long startNanos = System.nanoTime();
  private final long speed;

  FastClock(long speed) {
    this.speed = speed;
  }

  @Override
  public Instant instant() {
    return start.plus(Duration.ofNanos((System.nanoTime() - startNanos) * speed));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("UTC only");
  }
}
