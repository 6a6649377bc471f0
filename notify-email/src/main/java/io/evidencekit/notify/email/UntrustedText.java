package io.evidencekit.notify.email;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Free text the emails did not write (the submitter's caption, the officer's description) made safe to
 * show inside an email without it passing for the email's own lines or reordering them.
 *
 * <p>Every kind of line break counts as one: CR, LF, CRLF, the vertical tab and form feed, NEL
 * (U+0085) and the Unicode line and paragraph separators (U+2028, U+2029), which some mail programs
 * show as breaks although they are not CR or LF. Bidirectional controls (U+061C, U+200E, U+200F,
 * U+202A to U+202E, U+2066 to U+2069) are removed, so the text cannot reorder what is shown around
 * it or make a line read differently from its bytes; ordinary right-to-left letters are kept and
 * still display correctly. Other control characters become spaces.
 */
final class UntrustedText {
  /** {@code \R}: every Unicode line break sequence, CRLF counting as one. */
  private static final Pattern LINE_BREAK = Pattern.compile("\\R");
  static final String QUOTE = "> ";

  private UntrustedText() {}

  /**
   * The text's lines, cleaned: trailing spaces trimmed, blank lines at the start and end dropped,
   * and runs of blank lines inside kept as one. Empty when nothing visible is left.
   */
  static List<String> lines(String text) {
    List<String> lines = new ArrayList<>();
    boolean blankPending = false;
    for (String raw : LINE_BREAK.split(text, -1)) {
      String line = clean(raw).stripTrailing();
      if (line.isBlank()) {
        blankPending = !lines.isEmpty();
      } else {
        if (blankPending) {
          lines.add("");
          blankPending = false;
        }
        lines.add(line);
      }
    }
    return List.copyOf(lines);
  }

  /** The lines of {@link #lines}, each starting with "> " (a blank one with ">"), ending in a newline. */
  static String quoted(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : lines(text)) {
      out.append(line.isEmpty() ? QUOTE.strip() : QUOTE + line).append('\n');
    }
    return out.toString();
  }

  /** The lines of {@link #lines}, escaped for HTML and joined with {@code <br>}. */
  static String html(String text) {
    return String.join("<br>\n", lines(text).stream().map(Html::escape).toList());
  }

  private static String clean(String line) {
    StringBuilder out = new StringBuilder(line.length());
    for (int i = 0; i < line.length(); ) {
      int c = line.codePointAt(i);
      i += Character.charCount(c);
      if (isBidiControl(c)) {
        continue;
      }
      out.appendCodePoint(Character.isISOControl(c) ? ' ' : c);
    }
    return out.toString();
  }

  static boolean isBidiControl(int c) {
    return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
  }
}
