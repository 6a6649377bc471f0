package io.evidencekit.verify;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.util.List;
import java.util.Objects;

/**
 * What {@link OfflineVerifier} found about an inclusion or consistency proof checked against verified
 * checkpoints: whether the claim holds, the claim itself, the checks that passed (in order, as sentences
 * a report can quote) and, if it does not hold, why. Immutable.
 */
public record ProofResult(boolean valid, String claim, String reason, List<String> checked) {
  public ProofResult {
    Objects.requireNonNull(claim, "claim");
    Objects.requireNonNull(reason, "reason");
    checked = List.copyOf(checked);
  }

  static ProofResult valid(String claim, List<String> checked) {
    return new ProofResult(true, claim, "valid", checked);
  }

  static ProofResult failed(String claim, String reason, List<String> checked) {
    return new ProofResult(false, claim, reason, checked);
  }

  /** Does nothing if valid; otherwise throws {@code INTEGRITY_FAILURE} with the reason. */
  public void orThrow() {
    if (!valid) {
      throw new EvidenceException(ErrorCode.INTEGRITY_FAILURE, reason);
    }
  }
}
