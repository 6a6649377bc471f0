package io.evidencekit.portal;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.portal.view.Copy;
import java.math.RoundingMode;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The portal's user-facing copy, from the {@code io.evidencekit.portal.messages} bundle in the
 * configured locale (English is shipped; a force adds {@code messages_<lang>.properties} to the class
 * path to translate, without changing Java). Keys missing from a translation fall back to English; the
 * JVM's default locale is never consulted. Immutable and thread-safe.
 */
final class Messages implements Copy {
  static final String BUNDLE = "io.evidencekit.portal.messages";
  /** The messages the page's script formats itself (it understands {n}, {n,number} and {n,choice,...}). */
  static final List<String> SCRIPT_KEYS = List.of("declaration", "size.bytes", "size.KB", "size.MB", "size.GB",
      "size.TB", "size.PB", "script.waiting", "script.uploading", "script.received", "script.receivedStatus",
      "script.remove", "script.removed", "script.removeFailed", "script.progressLabel", "script.notSent",
      "script.notSentBecause", "script.sendFailed", "script.notConfirmed", "script.tooBig", "script.tooBigStatus",
      "script.startFailed", "script.startFailedStatus", "script.waitForUploads", "request.file.removeHidden");

  private final Locale locale;
  private final ResourceBundle bundle;
  private final DateTimeFormatter dateTime;

  Messages(Locale locale) {
    this.locale = locale;
    try {
      this.bundle = ResourceBundle.getBundle(BUNDLE, locale, Messages.class.getClassLoader(),
          ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
      this.dateTime = DateTimeFormatter.ofPattern(bundle.getString("format.dateTime"), locale);
    } catch (MissingResourceException | IllegalArgumentException e) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "the portal's message bundle cannot be read", e);
    }
  }

  Locale locale() {
    return locale;
  }

  @Override
  public String text(String key, Object... args) {
    return new MessageFormat(bundle.getString(key), locale).format(args);
  }

  @Override
  public String lang() {
    return bundle.getString("lang");
  }

  /** The raw pattern, for the page's script to format. */
  String pattern(String key) {
    return bundle.getString(key);
  }

  String when(Instant at, ZoneId zone) {
    return dateTime.format(at.atZone(zone));
  }

  /** The time of day alone ({@code format.time}, e.g. 3:05pm), for the end of a span on the same day. */
  String time(Instant at, ZoneId zone) {
    return DateTimeFormatter.ofPattern(bundle.getString("format.time"), locale).format(at.atZone(zone));
  }

  /** Sizes as people read them: "1.5 MB", "812 KB", "12 bytes". Decimal units, like most file managers. */
  String size(long bytes) {
    if (bytes < 1000) {
      return text("size.bytes", bytes);
    }
    String[] units = {"KB", "MB", "GB", "TB", "PB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    NumberFormat number = NumberFormat.getNumberInstance(locale);
    int decimals = value >= 100 || value == Math.rint(value) ? 0 : 1;
    number.setMinimumFractionDigits(decimals);
    number.setMaximumFractionDigits(decimals);
    number.setRoundingMode(RoundingMode.HALF_UP); // as the browser's Intl.NumberFormat rounds
    return text("size." + units[unit], number.format(value));
  }

  /** The script's messages as a JSON object of raw patterns, for a data attribute (the template escapes it). */
  String scriptMessages() {
    StringBuilder json = new StringBuilder("{");
    for (String key : SCRIPT_KEYS) {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append(Json.string(key)).append(':').append(Json.string(pattern(key)));
    }
    return json.append('}').toString();
  }
}
