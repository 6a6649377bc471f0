package io.evidencekit.api;

import java.util.List;

/**
 * What the host's operators and schedulers may do: run the engine's background work on demand and see
 * how much is waiting. Nothing here reads or changes evidence. Thread-safe; every failure is an
 * {@link EvidenceException}.
 */
public interface Operations {

  /** Delivers every outbox message that is due now; returns how many were delivered. */
  int deliverPendingNotifications();

  /** Messages written but not yet delivered, rejected or abandoned. */
  int pendingNotifications();

  /**
   * Asks the notifiers now where the messages they accepted stand, for a bounded batch of those whose
   * status is not final (soonest due first, whatever their schedule), and records each change in the
   * custody log; returns how many changed. The engine does this in the background too.
   */
  int checkDeliveryStatus();

  /** The channels on which messages are being held back now (a backend's limit or a configuration problem). */
  List<DeliveryHold> deliveryHolds();
}
