package io.evidencekit.notify.govuk;

import io.evidencekit.spi.DeliveryStatus;
import java.util.Optional;

/** GOV.UK Notify's statuses for emails and text messages, and what each means to evidencekit. */
public enum NotifyStatus {
  /** Queued in Notify, for seconds. */
  CREATED("created", DeliveryStatus.QUEUED),
  /** Handed to the provider, which tries for up to 72 hours. */
  SENDING("sending", DeliveryStatus.SENDING),
  /** Text messages: the provider answered but the phone has not yet. */
  PENDING("pending", DeliveryStatus.SENDING),
  /** Text messages to some international numbers: sent, and no more will be known. */
  SENT("sent", DeliveryStatus.SENT),
  DELIVERED("delivered", DeliveryStatus.DELIVERED),
  /** The number or address does not exist. */
  PERMANENT_FAILURE("permanent-failure", DeliveryStatus.PERMANENT_FAILURE),
  /** Phone off or inbox full for 72 hours, or refused by a spam filter. */
  TEMPORARY_FAILURE("temporary-failure", DeliveryStatus.TEMPORARY_FAILURE),
  /** A problem between Notify and its provider: send again. */
  TECHNICAL_FAILURE("technical-failure", DeliveryStatus.TECHNICAL_FAILURE);

  private final String wireName;
  private final DeliveryStatus deliveryStatus;

  NotifyStatus(String wireName, DeliveryStatus deliveryStatus) {
    this.wireName = wireName;
    this.deliveryStatus = deliveryStatus;
  }

  /** As Notify writes it, e.g. {@code permanent-failure}. */
  public String wireName() {
    return wireName;
  }

  public DeliveryStatus deliveryStatus() {
    return deliveryStatus;
  }

  /** The status Notify wrote, or empty for one this version does not know (letters' statuses, say). */
  public static Optional<NotifyStatus> fromWire(String status) {
    for (NotifyStatus s : values()) {
      if (s.wireName.equals(status)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
