package io.evidencekit.spi;

/**
 * Where a message stands after the backend accepted it ({@link DeliveryReport.Outcome#DELIVERED} means
 * only "accepted"). Backends that learn more later (GOV.UK Notify's delivery receipts) report it through
 * {@link Notifier#deliveryStatus} and a {@link DeliveryListener}.
 */
public enum DeliveryStatus {
  /** Accepted and queued by the backend; not yet handed to a network. */
  QUEUED(false),
  /** Handed to the mail or phone network, which is still trying (for up to 72 hours with Notify). */
  SENDING(false),
  /** Handed over to a network that reports nothing more (some international text messages). Final. */
  SENT(true),
  /** The recipient's phone or mail server confirmed receipt. Final. */
  DELIVERED(true),
  /** The address or number does not exist or cannot receive: show the officer; do not resend as is. Final. */
  PERMANENT_FAILURE(true),
  /** The network gave up for now (phone off for days, mailbox full): a later new attempt may succeed. Final. */
  TEMPORARY_FAILURE(true),
  /** The backend failed between itself and the network: send again. Final. */
  TECHNICAL_FAILURE(true);

  private final boolean terminal;

  DeliveryStatus(boolean terminal) {
    this.terminal = terminal;
  }

  /** Whether this status will not change any more. */
  public boolean isFinal() {
    return terminal;
  }

  /** Whether the message did not reach the recipient. */
  public boolean isFailure() {
    return this == PERMANENT_FAILURE || this == TEMPORARY_FAILURE || this == TECHNICAL_FAILURE;
  }

  /** Whether sending the message again (as a new attempt) may reach the recipient. */
  public boolean worthResending() {
    return this == TEMPORARY_FAILURE || this == TECHNICAL_FAILURE;
  }
}
