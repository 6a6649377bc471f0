package io.evidencekit.portal;

import java.util.Locale;

/**
 * Makes untrusted text (file names from the submitter's device) fit to show. HTML escaping is the
 * template engine's job; this class makes invisible or direction-changing characters visible so a
 * name like {@code invoice\u202Efdp.exe} cannot pose as something else. Wording lives in
 * {@link Messages}.
 */
final class DisplayText {
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

  /** A long name shortened for a sentence, keeping its start and its extension. */
  static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 60) + "…" + s.substring(s.length() - 15);
  }
}
