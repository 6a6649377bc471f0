package io.evidencekit.verify;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Writes an instant exactly as {@link Instant#toString()} does (ISO-8601 in UTC, seconds always, a
 * fraction of 3, 6 or 9 digits only when not zero), without going through {@code DateTimeFormatter}:
 * the body and the leaf of every event hold its time, and formatting it the JDK's way was a tenth of
 * an append and of an audit. Instants outside the years 1970 to 9999 take the JDK's path.
 * {@code InstantTextTest} checks it against {@link Instant#toString()}.
 *
 * <p>Remembers the last day it wrote (events come in time order), so it is not thread-safe: one per
 * append or audit.
 */
public final class InstantText {
  /** 9999-12-31T23:59:59Z: beyond it {@link Instant#toString()} writes a '+' and a five-digit year. */
  private static final long LAST_FAST_SECOND = 253_402_300_799L;

  private long day = Long.MIN_VALUE;
  private String date = "";

  public InstantText() {}

  /** Appends {@code Instant.ofEpochSecond(epochSecond, nano).toString()}. */
  public void append(StringBuilder out, long epochSecond, int nano) {
    if (epochSecond < 0 || epochSecond > LAST_FAST_SECOND || nano < 0 || nano > 999_999_999) {
      out.append(Instant.ofEpochSecond(epochSecond, nano));
      return;
    }
    long d = epochSecond / 86_400;
    if (d != day) {
      date = LocalDate.ofEpochDay(d) + "T";
      day = d;
    }
    int secondOfDay = (int) (epochSecond - d * 86_400);
    out.append(date);
    twoDigits(out, secondOfDay / 3_600);
    out.append(':');
    twoDigits(out, secondOfDay / 60 % 60);
    out.append(':');
    twoDigits(out, secondOfDay % 60);
    if (nano != 0) {
      out.append('.');
      if (nano % 1_000_000 == 0) {
        digits(out, nano / 1_000_000, 3);
      } else if (nano % 1_000 == 0) {
        digits(out, nano / 1_000, 6);
      } else {
        digits(out, nano, 9);
      }
    }
    out.append('Z');
  }

  /** Appends {@code instant.toString()}. */
  public void append(StringBuilder out, Instant instant) {
    append(out, instant.getEpochSecond(), instant.getNano());
  }

  private static void twoDigits(StringBuilder out, int n) {
    out.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
  }

  /** {@code n} zero-padded to {@code width} digits ({@code n} has at most that many). */
  private static void digits(StringBuilder out, int n, int width) {
    for (int div = pow10(width - 1); div > 0; div /= 10) {
      out.append((char) ('0' + n / div % 10));
    }
  }

  private static int pow10(int e) {
    int p = 1;
    for (int i = 0; i < e; i++) {
      p *= 10;
    }
    return p;
  }
}
