package io.evidencekit.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A request for evidence as stored.
 *
 * @param expiresAt when the current link stops working; empty while no link is active
 */
public record EvidenceRequest(
    RequestId id,
    ForceReference reference,
    String incidentSummary,
    String description,
    RequestingOfficer officer,
    Recipient recipient,
    RequestState state,
    Instant createdAt,
    Optional<Instant> expiresAt) {
  public EvidenceRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(reference, "reference");
    Validate.line(incidentSummary, "incident summary", 200);
    Validate.text(description, "description", NewEvidenceRequest.MAX_DESCRIPTION);
    Objects.requireNonNull(officer, "officer");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
