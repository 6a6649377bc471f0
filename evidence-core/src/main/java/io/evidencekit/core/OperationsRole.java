package io.evidencekit.core;

import io.evidencekit.api.DeliveryHold;
import io.evidencekit.api.Operations;
import java.util.List;

/** The operators' role: background work on demand. */
final class OperationsRole implements Operations {
  static final int SWEEP_BATCH = 1_000;

  private final EngineParts parts;
  private final Liveness liveness;

  OperationsRole(EngineParts parts, Liveness liveness) {
    this.parts = parts;
    this.liveness = liveness;
  }

  @Override
  public int deliverPendingNotifications() {
    liveness.check();
    return parts.outbox.deliverDue();
  }

  @Override
  public int pendingNotifications() {
    liveness.check();
    return parts.outbox.pendingCount();
  }

  @Override
  public int sweepAbandonedDrafts() {
    liveness.check();
    return parts.submissions.sweepAbandonedDrafts(SWEEP_BATCH);
  }

  @Override
  public int checkDeliveryStatus() {
    liveness.check();
    return parts.statusPoller.check(false);
  }

  @Override
  public List<DeliveryHold> deliveryHolds() {
    liveness.check();
    return parts.deliveryHolds.list(parts.clock.now());
  }

  @Override
  public io.evidencekit.api.retention.SweepReport sweepRetention(java.time.Instant asOf, boolean dryRun) {
    liveness.check();
    return parts.retention.sweep(java.util.Objects.requireNonNull(asOf, "asOf"), dryRun);
  }
}
