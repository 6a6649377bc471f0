package io.evidencekit.verify;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.util.Objects;

/**
 * The outcome of checking a well-formed proof or signature: valid, or not valid with the reason.
 * Malformed input never gets this far; it is refused with {@link ErrorCode#INVALID_INPUT}.
 */
public record Verification(boolean valid, String reason) {
  private static final Verification VALID = new Verification(true, "valid");

  public Verification {
    Objects.requireNonNull(reason, "reason");
  }

  public static Verification ok() {
    return VALID;
  }

  public static Verification failed(String reason) {
    return new Verification(false, reason);
  }

  /** Does nothing if valid; otherwise throws {@link ErrorCode#INTEGRITY_FAILURE} with the reason. */
  public void orThrow() {
    if (!valid) {
      throw new EvidenceException(ErrorCode.INTEGRITY_FAILURE, reason);
    }
  }
}
