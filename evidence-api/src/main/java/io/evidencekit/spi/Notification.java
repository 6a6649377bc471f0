package io.evidencekit.spi;

import io.evidencekit.api.ContactPoint;
import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.ForceReference;
import io.evidencekit.api.PhoneNumber;
import java.util.UUID;

/**
 * A message the engine asks a {@link Notifier} to deliver. Notifiers render the wording themselves
 * (an email and a text message read differently), from these facts.
 */
public sealed interface Notification permits InvitationNotice, SubmissionNotice, DetectionNotice {

  /** Unique per message and stable across retries: a notifier may use it to suppress duplicates. */
  UUID messageId();

  ForceReference reference();

  /** Where to send it. */
  ContactPoint to();

  /** The channel implied by {@link #to()}. */
  default Channel channel() {
    ContactPoint to = to();
    if (to instanceof EmailAddress) {
      return Channel.EMAIL;
    }
    if (to instanceof PhoneNumber) {
      return Channel.SMS;
    }
    // ContactPoint is sealed to these two; a third kind added without a channel is a bug here.
    throw new EvidenceException(ErrorCode.INTERNAL, "no channel for " + to.getClass().getSimpleName());
  }
}
