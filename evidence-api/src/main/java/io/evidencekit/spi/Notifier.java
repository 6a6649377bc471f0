package io.evidencekit.spi;

import java.util.Optional;
import java.util.Set;

/**
 * Delivers notifications over one or more channels. The engine calls it from its outbox worker, so a
 * slow or failing backend never blocks a submission, and retries what comes back as
 * {@link DeliveryReport.Outcome#RETRY}.
 *
 * <h2>Contract</h2>
 *
 * Each rule names the test of {@code NotifierContract} (module {@code evidence-tck}) that checks it.
 * Tests about delivery run once for every channel the notifier declares, in a group per channel
 * ({@code Email}, {@code Sms}); for a channel it does not declare, the group's tests are skipped, for
 * that one reason.
 *
 * <ul>
 *   <li><b>Threads.</b> Thread-safe: several sends may run at once ({@code concurrentSends}).
 *   <li><b>One failure channel: the report.</b> {@link #send} never throws. Every outcome is a
 *       {@link DeliveryReport}: {@code DELIVERED} once the backend accepted the message, {@code RETRY} when
 *       the backend is down or busy ({@code unreachableBackendRetries}), {@code REJECTED} when the message
 *       can never be delivered, such as a channel the notifier does not declare
 *       ({@code unsupportedChannelRejected}). The engine treats an exception as {@code RETRY}, but an
 *       implementation must not rely on that.
 *   <li><b>Channels are declared.</b> {@link #channels()} is not empty and is the same on every call and
 *       however the notifier is configured ({@code channelsDeclared}).
 *   <li><b>What a message carries.</b> The wording is the notifier's own (its message bundles, in the
 *       force's language): the kit never looks for words, only for facts. An invitation carries the
 *       reference, the recipient's and the officer's names, the description, and the link exactly as
 *       given, whole, with its token nowhere else ({@code invitationDelivered}, {@code linkCarriedWhole});
 *       an officer's notice carries the reference, the submitter, the number of files, the caption when
 *       there is one and the case link when there is one ({@code submissionDelivered},
 *       {@code submissionWithoutCaption}, {@code caseLinkCarriedWhole}). Text from a notice never adds
 *       recipients or messages ({@code lineBreaksInjectNothing}).
 *   <li><b>Idempotency.</b> The engine delivers at least once: after a crash it sends the same
 *       {@link Notification#messageId()} again. A repeated send is {@code DELIVERED} again (the notifier
 *       may suppress the duplicate), never a failure ({@code repeatedSendDelivered}).
 *   <li><b>No secrets or personal data in reports.</b> A report's detail and provider id are written to
 *       the custody log, which is kept for years: they never contain the link or its token, an address, a
 *       name or the description ({@code detailHidesTheLink}, {@code detailHoldsNoPersonalData}). The
 *       notifier's {@code toString()} never shows a configured secret ({@code toStringHidesSecret}).
 *   <li><b>Who closes what.</b> The host builds and closes the notifier; the engine never closes it.
 *       {@link #close()} is idempotent, and a send after it never throws and is never {@code REJECTED},
 *       which would lose the message: a notifier holding a connection answers {@code RETRY}, one holding
 *       nothing may still deliver ({@code closeIsIdempotent}).
 * </ul>
 */
public interface Notifier extends AutoCloseable {

  /** The channels this notifier can deliver to: not empty, the same on every call. */
  Set<Channel> channels();

  /** Attempts one delivery. May block for the backend's timeout, never longer. Never throws. */
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

  /** Idempotent; never throws. Later sends answer {@code RETRY} (or still deliver), never {@code REJECTED}. */
  @Override
  default void close() {}
}
