package io.evidencekit.notify.govuk;

import java.text.MessageFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.ResourceBundle;

/** The phrases placed into template placeholders, from the {@code messages} bundle. Immutable, thread-safe. */
final class Phrases {
  private static final String BUNDLE = "io.evidencekit.notify.govuk.messages";

  private final ResourceBundle bundle;
  private final Locale locale;
  private final DateTimeFormatter when;

  Phrases(Locale locale) {
    this.locale = locale;
    this.bundle = ResourceBundle.getBundle(BUNDLE, locale);
    this.when = DateTimeFormatter.ofPattern(bundle.getString("when.pattern"), locale);
  }

  /** "10 days"; "36 hours" when not whole days; minutes, rounded down, when not whole hours. */
  String validity(Duration validity) {
    long seconds = validity.getSeconds();
    boolean whole = validity.getNano() == 0;
    if (whole && seconds > 0 && seconds % 86_400 == 0) {
      return format("validity.days", seconds / 86_400);
    }
    if (whole && seconds >= 3_600 && seconds % 3_600 == 0) {
      return format("validity.hours", seconds / 3_600);
    }
    // Rounded down, so the message never promises more time than the link has.
    return format("validity.minutes", Math.max(1, validity.toMinutes()));
  }

  /** "17:05 GMT on Thursday 14 March 2024", in the force's zone. */
  String when(Instant instant, ZoneId zone) {
    return when.format(instant.atZone(zone));
  }

  String files(int count) {
    return format("files", count);
  }

  /** Decimal units, one decimal place above a kilobyte: "512 bytes", "3.5 MB". */
  String size(long bytes) {
    if (bytes < 1000) {
      return format("bytes", bytes);
    }
    String[] units = {"kB", "MB", "GB", "TB", "PB", "EB"};
    double value = bytes;
    int unit = -1;
    while (value >= 999.95 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return String.format(locale, "%.1f %s", value, units[unit]);
  }

  String ellipsis() {
    return bundle.getString("ellipsis");
  }

  String yesNo(boolean value) {
    return bundle.getString(value ? "yes" : "no");
  }

  private String format(String key, long n) {
    return new MessageFormat(bundle.getString(key), locale).format(new Object[] {n});
  }
}
