package io.evidencekit.api.video;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.util.Objects;

/** Argument checks of this package; each failure is INVALID_INPUT. */
final class Checks {
  private Checks() {}

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

  static int atLeast(int value, int min, String what) {
    if (value < min) {
      throw invalid(what + " must be at least " + min);
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
