package io.evidencekit.api;

import io.evidencekit.spi.Channel;
import io.evidencekit.spi.DeliveryStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One message the engine sent (or is sending) about a request, on one channel: an invitation link to the
 * recipient or a notice to the officer. What an officer's screen shows beside the request: which channels
 * were used and whether each reached the recipient. Carries no address, number or text.
 *
 * @param messageId the engine's id for the message, stable across retries (GOV.UK Notify's {@code reference})
 * @param invitation the invitation the message carries; empty for a notice to the officer
 * @param channel email or text message
 * @param state where the message stands in the engine's outbox
 * @param attempts attempts that failed or succeeded so far (a pause the backend asked for is not one)
 * @param status the backend's latest news after it accepted the message, when it reports any
 * @param providerMessageId the backend's id for the accepted message (GOV.UK Notify's notification id)
 * @param detail a short explanation of the latest outcome or failure, in the engine's or plugin's words
 * @param updatedAt when the state or status last changed
 */
public record Delivery(UUID messageId, Optional<InvitationId> invitation, Channel channel, DeliveryState state,
    int attempts, Optional<DeliveryStatus> status, Optional<String> providerMessageId, Optional<String> detail,
    Instant updatedAt) {

  public Delivery {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(invitation, "invitation");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(state, "state");
    Validate.nonNegative(attempts, "attempts");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(providerMessageId, "providerMessageId");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /**
   * Whether the message did not reach the recipient and nothing more will be tried: refused, given up,
   * or a failure the backend reported that the engine does not resend (a number that does not exist).
   * The officer should check the contact details and send a new link.
   */
  public boolean failed() {
    return state.isFailure() || (state == DeliveryState.ACCEPTED && status.map(DeliveryStatus::isFailure).orElse(false));
  }

  /** Whether the backend reported the message delivered (or, for networks that report no more, sent). */
  public boolean delivered() {
    return state == DeliveryState.ACCEPTED
        && status.map(s -> s == DeliveryStatus.DELIVERED || s == DeliveryStatus.SENT).orElse(false);
  }
}
