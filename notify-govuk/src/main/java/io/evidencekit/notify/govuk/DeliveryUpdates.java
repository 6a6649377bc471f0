package io.evidencekit.notify.govuk;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.spi.Channel;
import io.evidencekit.spi.DeliveryUpdate;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Builds a {@link DeliveryUpdate} from what Notify says about a notification, polled or pushed. */
final class DeliveryUpdates {
  private DeliveryUpdates() {}

  /**
   * @param reference Notify's {@code reference}: our message id, when we sent it
   * @param type Notify's {@code type} or {@code notification_type}: {@code email}, {@code sms} or {@code letter}
   * @throws EvidenceException {@link ErrorCode#NOTIFICATION_FAILED} for a status this version does not know
   */
  static DeliveryUpdate of(UUID notifyId, Optional<String> reference, String type, String status,
      Instant createdAt, Optional<Instant> sentAt, Optional<Instant> completedAt) {
    NotifyStatus known = NotifyStatus.fromWire(status).orElseThrow(() -> new EvidenceException(
        ErrorCode.NOTIFICATION_FAILED, "Notify reported a status this version does not know"
        + (status.matches("[a-z-]{1,40}") ? ": " + status : "")));
    return new DeliveryUpdate(notifyId.toString(), reference.flatMap(DeliveryUpdates::uuid), channel(type),
        known.deliveryStatus(), known.wireName(), completedAt.or(() -> sentAt).orElse(createdAt));
  }

  static Optional<Channel> channel(String type) {
    return switch (type) {
      case "sms" -> Optional.of(Channel.SMS);
      case "email" -> Optional.of(Channel.EMAIL);
      default -> Optional.empty();
    };
  }

  static Optional<UUID> uuid(String text) {
    try {
      UUID id = UUID.fromString(text);
      return id.toString().equalsIgnoreCase(text) ? Optional.of(id) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
