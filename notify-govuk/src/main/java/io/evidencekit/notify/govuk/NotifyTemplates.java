package io.evidencekit.notify.govuk;

import io.evidencekit.spi.Channel;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The force's Notify template ids, one per kind of message and channel. A channel with at least one
 * template is one the notifier declares; a kind without a template on that channel is refused
 * (REJECTED) when asked for. Suggested texts are in the module's README.
 */
public record NotifyTemplates(
    Optional<UUID> invitationEmail,
    Optional<UUID> invitationSms,
    Optional<UUID> submissionEmail,
    Optional<UUID> submissionSms) {

  /** The two kinds of message evidencekit sends. */
  public enum Kind {
    /** Asks a member of the public for evidence ({@link io.evidencekit.spi.InvitationNotice}). */
    INVITATION,
    /** Tells the officer that evidence arrived ({@link io.evidencekit.spi.SubmissionNotice}). */
    SUBMISSION
  }

  public NotifyTemplates {
    Objects.requireNonNull(invitationEmail, "invitationEmail");
    Objects.requireNonNull(invitationSms, "invitationSms");
    Objects.requireNonNull(submissionEmail, "submissionEmail");
    Objects.requireNonNull(submissionSms, "submissionSms");
  }

  public static NotifyTemplates none() {
    return new NotifyTemplates(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  public Optional<UUID> find(Kind kind, Channel channel) {
    return switch (kind) {
      case INVITATION -> channel == Channel.EMAIL ? invitationEmail : invitationSms;
      case SUBMISSION -> channel == Channel.EMAIL ? submissionEmail : submissionSms;
    };
  }

  /** A copy with the template for this kind and channel set. */
  public NotifyTemplates with(Kind kind, Channel channel, UUID templateId) {
    Optional<UUID> id = Optional.of(templateId);
    return switch (kind) {
      case INVITATION -> channel == Channel.EMAIL
          ? new NotifyTemplates(id, invitationSms, submissionEmail, submissionSms)
          : new NotifyTemplates(invitationEmail, id, submissionEmail, submissionSms);
      case SUBMISSION -> channel == Channel.EMAIL
          ? new NotifyTemplates(invitationEmail, invitationSms, id, submissionSms)
          : new NotifyTemplates(invitationEmail, invitationSms, submissionEmail, id);
    };
  }

  /** The channels with at least one template. */
  public Set<Channel> channels() {
    Set<Channel> channels = EnumSet.noneOf(Channel.class);
    if (invitationEmail.isPresent() || submissionEmail.isPresent()) {
      channels.add(Channel.EMAIL);
    }
    if (invitationSms.isPresent() || submissionSms.isPresent()) {
      channels.add(Channel.SMS);
    }
    return Set.copyOf(channels);
  }
}
