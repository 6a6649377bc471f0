package io.evidencekit.spi;

import io.evidencekit.api.ContactPoint;
import io.evidencekit.api.ForceReference;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Asks a member of the public for evidence. {@link #link()} holds the secret token: a notifier must
 * not log it. {@link #toString()} hides it.
 *
 * @param officerName the requesting officer in reading order, e.g. {@code D. Wright}
 */
public record InvitationNotice(
    UUID messageId,
    ForceReference reference,
    ContactPoint to,
    String recipientName,
    String officerName,
    URI link,
    Duration validity,
    Instant expiresAt,
    String description) implements Notification {
  public InvitationNotice {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(recipientName, "recipientName");
    Objects.requireNonNull(officerName, "officerName");
    Objects.requireNonNull(link, "link");
    Objects.requireNonNull(validity, "validity");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(description, "description");
  }

  @Override
  public String toString() {
    return "InvitationNotice[messageId=" + messageId + ", reference=" + reference + ", channel=" + channel()
        + ", link=***]";
  }
}
