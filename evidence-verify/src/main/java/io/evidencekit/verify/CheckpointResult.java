package io.evidencekit.verify;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link OfflineVerifier#verifyCheckpoint} found: whether the checkpoint is signed by the trusted
 * key, the checks that passed (in order, as sentences a report can quote), the reason it failed if it
 * did, and the verified checkpoint if it did not. Immutable.
 */
public record CheckpointResult(boolean valid, String reason, List<String> checked, Optional<VerifiedCheckpoint> checkpoint) {
  public CheckpointResult {
    Objects.requireNonNull(reason, "reason");
    checked = List.copyOf(checked);
    Objects.requireNonNull(checkpoint, "checkpoint");
    if (valid != checkpoint.isPresent()) {
      throw Hashes.invalid("a checkpoint result carries the checkpoint exactly when it is valid");
    }
  }

  static CheckpointResult valid(List<String> checked, VerifiedCheckpoint checkpoint) {
    return new CheckpointResult(true, "valid", checked, Optional.of(checkpoint));
  }

  static CheckpointResult failed(String reason, List<String> checked) {
    return new CheckpointResult(false, reason, checked, Optional.empty());
  }

  /** The verified checkpoint; if it is not valid, {@code INTEGRITY_FAILURE} with the reason. */
  public VerifiedCheckpoint orThrow() {
    return checkpoint.orElseThrow(() -> new EvidenceException(ErrorCode.INTEGRITY_FAILURE, reason));
  }
}
