package io.evidencekit.api;

import java.util.Objects;

/**
 * What an officer fills in to ask for evidence.
 *
 * @param incidentSummary one line naming the incident, e.g. {@code Burglary, 14 High Street}
 * @param description what to send: cameras, time window, what to look for; at most 2,000 characters
 * @param submissionPolicy whether the link may send files again after its first submission
 */
public record NewEvidenceRequest(
    String incidentSummary, String description, RequestingOfficer officer, Recipient recipient,
    SubmissionPolicy submissionPolicy) {
  public static final int MAX_DESCRIPTION = 2_000;

  public NewEvidenceRequest {
    Validate.line(incidentSummary, "incident summary", 200);
    Validate.text(description, "description", MAX_DESCRIPTION);
    Objects.requireNonNull(officer, "officer");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(submissionPolicy, "submissionPolicy");
  }

  /** A request whose link may be used for further submissions ({@link SubmissionPolicy#REPEATABLE}). */
  public NewEvidenceRequest(String incidentSummary, String description, RequestingOfficer officer, Recipient recipient) {
    this(incidentSummary, description, officer, recipient, SubmissionPolicy.REPEATABLE);
  }
}
