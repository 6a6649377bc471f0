package io.evidencekit.api;

import java.time.Instant;
import java.util.Objects;

/**
 * What the holder of a link may see about the request: nothing about other recipients, nothing internal.
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
    Limits limits) {
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
  }
}
