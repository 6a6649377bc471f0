package io.evidencekit.api;

import io.evidencekit.api.retention.SweepReport;
import java.time.Instant;
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
   * Closes draft submissions that can no longer be finished (their link was re-issued, revoked or has
   * expired) or that have not changed for two days; each becomes {@code ABANDONED} with a custody event,
   * and files already received in it stay in custody. At most 1,000 per call; returns how many. The
   * engine runs it hourly itself unless built with manual delivery.
   */
  int sweepAbandonedDrafts();

  /**
   * Asks the notifiers now where the messages they accepted stand, for a bounded batch of those whose
   * status is not final (soonest due first, whatever their schedule), and records each change in the
   * custody log; returns how many changed. The engine does this in the background too.
   */
  int checkDeliveryStatus();

  /** The channels on which messages are being held back now (a backend's limit or a configuration problem). */
  List<DeliveryHold> deliveryHolds();

  /**
   * Runs the retention sweep as of {@code asOf}: due reviews queued, due disposals scheduled, disposals
   * whose grace period ended carried out. See {@code Retention#sweep}.
   */
  SweepReport sweepRetention(Instant asOf, boolean dryRun);
}
