package io.evidencekit.notify.email;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Plain-English phrases for durations, times, counts and sizes, in the form the force's emails use. */
final class Phrases {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("HH:mm zzz 'on' EEEE d MMMM yyyy", Locale.UK);

  private Phrases() {}

  /** "10 days", "1 day"; "36 hours" when not whole days; minutes when not even whole hours. */
  static String validity(Duration validity) {
    long seconds = validity.getSeconds();
    if (seconds > 0 && seconds % 86_400 == 0 && validity.getNano() == 0) {
      return count(seconds / 86_400, "day", "days");
    }
    if (seconds >= 3_600 && seconds % 3_600 == 0 && validity.getNano() == 0) {
      return count(seconds / 3_600, "hour", "hours");
    }
    // Round down, so the email never promises more time than the link has.
    return count(Math.max(1, validity.toMinutes()), "minute", "minutes");
  }

  /** "17:30 GMT on Thursday 14 March 2024", in the force's zone (GMT or BST in the UK). */
  static String when(Instant instant, ZoneId zone) {
    return WHEN.format(instant.atZone(zone));
  }

  static String files(int count) {
    return count(count, "file", "files");
  }

  /** Decimal units, one decimal place above a kilobyte: "512 bytes", "3.4 MB". */
  static String size(long bytes) {
    if (bytes < 1000) {
      return count(bytes, "byte", "bytes");
    }
    String[] units = {"kB", "MB", "GB", "TB", "PB", "EB"};
    double value = bytes;
    int unit = -1;
    while (value >= 999.95 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return String.format(Locale.UK, "%.1f %s", value, units[unit]);
  }

  static String count(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
