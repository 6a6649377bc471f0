package io.evidencekit.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A request for evidence as stored.
 *
 * @param expiresAt when the current link stops working; empty while no link is active
 * @param submissionPolicy whether a link may send files again after its first submission
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
    Optional<Instant> expiresAt,
    SubmissionPolicy submissionPolicy) {
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
    Objects.requireNonNull(submissionPolicy, "submissionPolicy");
  }

  /** A request whose links may be used for further submissions ({@link SubmissionPolicy#REPEATABLE}). */
  public EvidenceRequest(RequestId id, ForceReference reference, String incidentSummary, String description,
      RequestingOfficer officer, Recipient recipient, RequestState state, Instant createdAt, Optional<Instant> expiresAt) {
    this(id, reference, incidentSummary, description, officer, recipient, state, createdAt, expiresAt,
        SubmissionPolicy.REPEATABLE);
  }
}
