package io.evidencekit.spi;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.util.Objects;

/** Argument checks of the video source records; each failure is INVALID_INPUT and names the field, never its value. */
final class VideoChecks {
  private VideoChecks() {}

  /** One line of 1 to {@code max} characters without control characters. */
  static String line(String value, String what, int max) {
    Objects.requireNonNull(value, what);
    if (value.isBlank() || value.length() > max) {
      throw invalid(what + " must be 1 to " + max + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw invalid(what + " must be a single line without control characters");
      }
    }
    return value;
  }

  /** Free text of 1 to {@code max} characters; line breaks and tabs allowed, other control characters not. */
  static String text(String value, String what, int max) {
    Objects.requireNonNull(value, what);
    if (value.isBlank() || value.length() > max) {
      throw invalid(what + " must be 1 to " + max + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
        throw invalid(what + " must not contain control characters");
      }
    }
    return value;
  }

  static <T> T present(T value, String what) {
    if (value == null) {
      throw invalid(what + " is required");
    }
    return value;
  }

  static EvidenceException invalid(String message) {
    return new EvidenceException(ErrorCode.INVALID_INPUT, message);
  }
}
