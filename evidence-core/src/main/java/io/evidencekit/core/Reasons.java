package io.evidencekit.core;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;

/** The reason an officer gives for an act: required, recorded in the custody log. */
final class Reasons {
  static final int MAX = 500;

  private Reasons() {}

  static String require(String reason) {
    if (reason == null || reason.isBlank() || reason.length() > MAX) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a reason of 1 to " + MAX + " characters is required");
    }
    return reason.strip();
  }
}
