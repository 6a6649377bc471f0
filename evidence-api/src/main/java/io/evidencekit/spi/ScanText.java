package io.evidencekit.spi;

/** Makes backend text safe to record: one line, no control characters, bounded length. */
final class ScanText {
  private ScanText() {}

  /** {@code text} with control and format characters (bidi overrides) as spaces, trimmed, and cut to {@code max} characters. */
  static String line(String text, int max) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), max));
    for (int i = 0; i < text.length() && out.length() < max; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) || Character.isSurrogate(c) || Character.getType(c) == Character.FORMAT ? ' ' : c);
    }
    String line = out.toString().strip();
    if (line.length() == max && text.length() > max) {
      return line.substring(0, max - 3) + "...";
    }
    return line;
  }
}
