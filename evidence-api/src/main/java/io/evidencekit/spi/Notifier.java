package io.evidencekit.spi;

import java.util.Optional;
import java.util.Set;

/**
 * Delivers notifications over one or more channels. The engine calls it from its outbox worker, so a
 * slow or failing backend never blocks a submission, and retries what comes back as
 * {@link DeliveryReport.Outcome#RETRY}.
 *
 * <p>Implementations must be thread-safe and must report failures as a {@link DeliveryReport} rather
 * than throw; an exception is treated as {@code RETRY}. {@link #close()} is idempotent.
 */
public interface Notifier extends AutoCloseable {

  /** The channels this notifier can deliver to. */
  Set<Channel> channels();

  /** Attempts one delivery. May block for the backend's timeout, never longer. */
  DeliveryReport send(Notification notification);

  /**
   * Asks the backend where a message it accepted stands. Empty when this notifier cannot tell (SMTP
   * knows nothing after the hand-over, the default) or the backend no longer knows the id.
   *
   * @param providerMessageId from {@link DeliveryReport#providerMessageId()}
   * @throws io.evidencekit.api.EvidenceException {@code NOTIFICATION_FAILED} when the backend cannot be
   *     asked now, {@code CONFIGURATION} when it refuses our credentials
   */
  default Optional<DeliveryUpdate> deliveryStatus(String providerMessageId) {
    return Optional.empty();
  }

  /**
   * Whether {@link #deliveryStatus} reports on the messages this notifier accepts. The engine follows the
   * status of an accepted message only when its notifier says so, and then keeps the invitation's sealed
   * link until the status is final, so that a temporary failure can be sent again; for other notifiers a
   * message is done once accepted. Default: false.
   */
  default boolean reportsDeliveryStatus() {
    return false;
  }

  @Override
  default void close() {}
}
