package io.evidencekit.api;

import java.util.Objects;

/**
 * What an officer fills in to ask for evidence.
 *
 * @param incidentSummary one line naming the incident, e.g. {@code Burglary, 14 High Street}
 * @param description what to send: cameras, time window, what to look for; at most 2,000 characters
 */
public record NewEvidenceRequest(
    String incidentSummary, String description, RequestingOfficer officer, Recipient recipient) {
  public static final int MAX_DESCRIPTION = 2_000;

  public NewEvidenceRequest {
    Validate.line(incidentSummary, "incident summary", 200);
    Validate.text(description, "description", MAX_DESCRIPTION);
    Objects.requireNonNull(officer, "officer");
    Objects.requireNonNull(recipient, "recipient");
  }
}
