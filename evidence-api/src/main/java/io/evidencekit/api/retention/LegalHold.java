package io.evidencekit.api.retention;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A legal hold (complaint, IPCO referral, appeal, litigation...). While it stands nothing under it is
 * disposed of by any path.
 *
 * @param setBy the officer's user id
 * @param lifted when it was lifted; empty while it stands
 */
public record LegalHold(UUID id, HoldTarget target, String reason, String setBy, Instant setAt, Optional<Instant> lifted) {
  public LegalHold {
    Checks.present(id, "id");
    Checks.present(target, "target");
    Checks.present(reason, "reason");
    Checks.present(setBy, "setBy");
    Checks.present(setAt, "setAt");
    Checks.present(lifted, "lifted");
  }

  public boolean standing() {
    return lifted.isEmpty();
  }
}
