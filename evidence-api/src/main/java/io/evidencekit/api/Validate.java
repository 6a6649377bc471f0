package io.evidencekit.api;

import java.util.Objects;

/** Argument checks shared by the records of this package; each failure is an INVALID_INPUT. */
final class Validate {
  private Validate() {}

  /** Non-blank text of at most {@code max} characters, without control characters other than line breaks and tabs. */
  static String text(String value, String what, int max) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) {
      throw invalid(what + " must not be empty");
    }
    if (value.length() > max) {
      throw invalid(what + " must be at most " + max + " characters (was " + value.length() + ")");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
        throw invalid(what + " must not contain control characters");
      }
    }
    return value;
  }

  /** Like {@link #text} but also refuses line breaks: for names and one-line fields that end up in headers. */
  static String line(String value, String what, int max) {
    text(value, what, max);
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw invalid(what + " must be a single line");
    }
    return value;
  }

  static long nonNegative(long value, String what) {
    if (value < 0) {
      throw invalid(what + " must not be negative");
    }
    return value;
  }

  static long positive(long value, String what) {
    if (value <= 0) {
      throw invalid(what + " must be positive");
    }
    return value;
  }

  static EvidenceException invalid(String message) {
    return new EvidenceException(ErrorCode.INVALID_INPUT, message);
  }
}
