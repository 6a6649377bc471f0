package io.evidencekit.notify.email;

import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** Durations, times, counts and sizes in the words of the email's language. */
final class Phrases {
  private Phrases() {}

  /** "10 days", "1 day"; "36 hours" when not whole days; minutes when not even whole hours. */
  static String validity(EmailCopy copy, Duration validity) {
    long seconds = validity.getSeconds();
    if (seconds > 0 && seconds % 86_400 == 0 && validity.getNano() == 0) {
      return copy.text("count.days", seconds / 86_400);
    }
    if (seconds >= 3_600 && seconds % 3_600 == 0 && validity.getNano() == 0) {
      return copy.text("count.hours", seconds / 3_600);
    }
    // Round down, so the email never promises more time than the link has.
    return copy.text("count.minutes", Math.max(1, validity.toMinutes()));
  }

  /** "17:30 GMT on Thursday 14 March 2024", in the force's zone (GMT or BST in the UK). */
  static String when(EmailCopy copy, Instant instant, ZoneId zone) {
    return copy.time().format(instant.atZone(zone));
  }

  static String files(EmailCopy copy, int count) {
    return copy.text("count.files", count);
  }

  /** Decimal units, one decimal place above a kilobyte: "512 bytes", "3.4 MB". */
  static String size(EmailCopy copy, long bytes) {
    if (bytes < 1000) {
      return copy.text("count.bytes", bytes);
    }
    double value = bytes;
    int unit = -1;
    while (value >= 999.95 && unit < copy.units().size() - 1) {
      value /= 1000;
      unit++;
    }
    NumberFormat number = NumberFormat.getNumberInstance(copy.language());
    number.setMinimumFractionDigits(1);
    number.setMaximumFractionDigits(1);
    number.setRoundingMode(RoundingMode.HALF_UP);
    return copy.text("size", number.format(value), copy.units().get(unit));
  }
}
