package io.evidencekit.api;

import java.util.List;
import java.util.Objects;

/**
 * What an officer fills in to ask for evidence.
 *
 * @param incidentSummary one line naming the incident, e.g. {@code Burglary, 14 High Street}
 * @param description what to send: cameras, time window, what to look for; at most 2,000 characters
 * @param submissionPolicy whether the link may send files again after its first submission
 * @param timeWindows the times footage is wanted from, per camera or location, as data (optional, at most
 *     {@link TimeWindow#MAX_WINDOWS}); shown in the portal and used to warn about footage outside them
 */
public record NewEvidenceRequest(
    String incidentSummary, String description, RequestingOfficer officer, Recipient recipient,
    SubmissionPolicy submissionPolicy, List<TimeWindow> timeWindows) {
  public static final int MAX_DESCRIPTION = 2_000;

  public NewEvidenceRequest {
    Validate.line(incidentSummary, "incident summary", 200);
    Validate.text(description, "description", MAX_DESCRIPTION);
    Objects.requireNonNull(officer, "officer");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(submissionPolicy, "submissionPolicy");
    timeWindows = List.copyOf(timeWindows);
    if (timeWindows.size() > TimeWindow.MAX_WINDOWS) {
      throw Validate.invalid("a request carries at most " + TimeWindow.MAX_WINDOWS + " time windows");
    }
  }

  /** A request without time windows given as data. */
  public NewEvidenceRequest(String incidentSummary, String description, RequestingOfficer officer, Recipient recipient,
      SubmissionPolicy submissionPolicy) {
    this(incidentSummary, description, officer, recipient, submissionPolicy, List.of());
  }

  /** The same request with these time windows. */
  public NewEvidenceRequest withTimeWindows(List<TimeWindow> windows) {
    return new NewEvidenceRequest(incidentSummary, description, officer, recipient, submissionPolicy, windows);
  }

  /** A request whose link may be used for further submissions ({@link SubmissionPolicy#REPEATABLE}). */
  public NewEvidenceRequest(String incidentSummary, String description, RequestingOfficer officer, Recipient recipient) {
    this(incidentSummary, description, officer, recipient, SubmissionPolicy.REPEATABLE);
  }
}
