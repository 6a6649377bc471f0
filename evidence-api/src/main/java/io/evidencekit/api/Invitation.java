package io.evidencekit.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A link sent to the recipient. The token itself is never stored; only its hash. */
public record Invitation(
    InvitationId id,
    RequestId requestId,
    ContactPoint sentTo,
    InvitationState state,
    Instant issuedAt,
    Instant expiresAt,
    Optional<Instant> endedAt) {
  public Invitation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(sentTo, "sentTo");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(endedAt, "endedAt");
    if (!expiresAt.isAfter(issuedAt)) {
      throw Validate.invalid("an invitation must expire after it is issued");
    }
  }

  /** Whether the link works at {@code now}: active and not yet expired. */
  public boolean usableAt(Instant now) {
    return state == InvitationState.ACTIVE && now.isBefore(expiresAt);
  }
}
