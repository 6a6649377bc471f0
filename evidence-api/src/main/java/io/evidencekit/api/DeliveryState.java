package io.evidencekit.api;

/**
 * Where a message stands in the engine's outbox. What the backend knows after it accepted the message
 * is {@link Delivery#status()}.
 */
public enum DeliveryState {
  /** Waiting to be sent, or to be sent again after a failure the engine retries. */
  PENDING(false),
  /** The backend (mail server, GOV.UK Notify) accepted it. */
  ACCEPTED(false),
  /** The backend refused it and it will not be sent as it is (no such address, no notifier for the channel). */
  REJECTED(true),
  /** Not accepted by the backend within the delivery policy's give-up period. */
  GAVE_UP(true),
  /** Could not be sent at all (the link's token was no longer available): re-issue the invitation. */
  ABANDONED(true),
  /** Not sent because the link ended (revoked, replaced or expired) first. */
  CANCELLED(false);

  private final boolean failure;

  DeliveryState(boolean failure) {
    this.failure = failure;
  }

  /** Whether the message did not and will not go out. */
  public boolean isFailure() {
    return failure;
  }
}
