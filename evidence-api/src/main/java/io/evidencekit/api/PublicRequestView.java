package io.evidencekit.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the holder of a link may see about the request: nothing about other recipients, nothing internal.
 *
 * @param submissionPolicy whether the link may send files again after a submission
 * @param submissionsSent how many submissions were already sent through this link
 * @param timeWindows the times the officer asked footage from, per camera or location; may be empty
 */
public record PublicRequestView(
    InvitationId invitationId,
    ForceReference reference,
    String recipientName,
    String officerDisplayName,
    EmailAddress officerEmail,
    PhoneNumber officerPhone,
    String description,
    Instant expiresAt,
    Limits limits,
    SubmissionPolicy submissionPolicy,
    int submissionsSent,
    List<TimeWindow> timeWindows) {
  public PublicRequestView {
    Objects.requireNonNull(invitationId, "invitationId");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(recipientName, "recipientName");
    Objects.requireNonNull(officerDisplayName, "officerDisplayName");
    Objects.requireNonNull(officerEmail, "officerEmail");
    Objects.requireNonNull(officerPhone, "officerPhone");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(submissionPolicy, "submissionPolicy");
    Validate.nonNegative(submissionsSent, "submissionsSent");
    timeWindows = List.copyOf(timeWindows);
  }

  /** A view of a request without time windows. */
  public PublicRequestView(InvitationId invitationId, ForceReference reference, String recipientName,
      String officerDisplayName, EmailAddress officerEmail, PhoneNumber officerPhone, String description,
      Instant expiresAt, Limits limits, SubmissionPolicy submissionPolicy, int submissionsSent) {
    this(invitationId, reference, recipientName, officerDisplayName, officerEmail, officerPhone, description,
        expiresAt, limits, submissionPolicy, submissionsSent, List.of());
  }

  /** A view of a link that may be used again and has sent nothing yet. */
  public PublicRequestView(InvitationId invitationId, ForceReference reference, String recipientName,
      String officerDisplayName, EmailAddress officerEmail, PhoneNumber officerPhone, String description,
      Instant expiresAt, Limits limits) {
    this(invitationId, reference, recipientName, officerDisplayName, officerEmail, officerPhone, description,
        expiresAt, limits, SubmissionPolicy.REPEATABLE, 0);
  }

  /** Whether the link can still start a submission: not when a single-use link has been used. */
  public boolean acceptsSubmissions() {
    return submissionPolicy == SubmissionPolicy.REPEATABLE || submissionsSent == 0;
  }
}
