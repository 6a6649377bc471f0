package io.evidencekit.api;

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
}
