package io.evidencekit.portal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Turns untrusted text (file names from the submitter's device) and numbers into text fit to show.
 * HTML escaping is the template engine's job; this class makes invisible or direction-changing
 * characters visible so a name like {@code invoice\u202Efdp.exe} cannot pose as something else.
 */
final class DisplayText {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("d MMMM yyyy 'at' h:mma", Locale.UK);

  private DisplayText() {}

  /**
   * The name with control characters, bidirectional controls and other invisible format characters
   * shown as {@code [U+202E]}, so what a person reads is exactly what was received.
   */
  static String fileName(String raw) {
    StringBuilder out = new StringBuilder(raw.length());
    raw.codePoints().forEach(cp -> {
      int type = Character.getType(cp);
      boolean invisible = type == Character.CONTROL || type == Character.FORMAT
          || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
          || type == Character.UNASSIGNED || type == Character.PRIVATE_USE || type == Character.SURROGATE;
      if (invisible) {
        out.append(String.format(Locale.ROOT, "[U+%04X]", cp));
      } else {
        out.appendCodePoint(cp);
      }
    });
    return out.toString();
  }

  /** Sizes as people read them: "1.5 MB", "812 KB", "12 bytes". Decimal units, like most file managers. */
  static String size(long bytes) {
    if (bytes < 1000) {
      return bytes == 1 ? "1 byte" : bytes + " bytes";
    }
    String[] units = {"KB", "MB", "GB", "TB", "PB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    String number = value >= 100 || value == Math.rint(value)
        ? String.format(Locale.UK, "%.0f", value) : String.format(Locale.UK, "%.1f", value);
    return number + " " + units[unit];
  }

  static String when(Instant at, ZoneId zone) {
    return WHEN.format(at.atZone(zone)).replace("AM", "am").replace("PM", "pm");
  }

  /** The declaration as the page shows it, in the force's wording (DESIGN section 2). */
  static String declaration(int files) {
    return files == 1
        ? "By selecting Submit, I agree that this 1 file is relevant to the incident."
        : "By selecting Submit, I agree that these " + files + " files are relevant to the incident.";
  }
}
