package io.evidencekit.core.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The injected clock, truncated to microseconds: the precision both H2 and PostgreSQL keep, so an
 * instant read back equals the instant written (custody bodies hash it).
 */
public record EngineClock(Clock clock) {
  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  public ZonedDateTime zonedNow() {
    return now().atZone(clock.getZone());
  }
}
