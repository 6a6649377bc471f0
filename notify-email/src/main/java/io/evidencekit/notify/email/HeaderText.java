package io.evidencekit.notify.email;

/** Makes untrusted text safe for a header: one line, no control characters, bounded length. */
final class HeaderText {
  private static final int MAX = 150;

  private HeaderText() {}

  /**
   * Replaces every control or line-separator character with a space and collapses runs of spaces, so a
   * name like {@code "D Smith\r\nBcc: x@y"} stays one harmless line. Non-ASCII letters are kept: Jakarta
   * Mail encodes them (RFC 2047) when the header is written.
   */
  static String line(String value) {
    StringBuilder out = new StringBuilder(Math.min(value.length(), MAX));
    boolean space = false;
    for (int i = 0; i < value.length() && out.length() < MAX; ) {
      int c = value.codePointAt(i);
      i += Character.charCount(c);
      boolean blank = Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)
          || Character.getType(c) == Character.FORMAT;
      if (blank) {
        space = out.length() > 0;
      } else {
        if (space) {
          out.append(' ');
          space = false;
        }
        out.appendCodePoint(c);
      }
    }
    return out.toString();
  }
}
