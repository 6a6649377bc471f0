package io.evidencekit.core;

import io.evidencekit.core.custody.CustodyEvents;
import io.evidencekit.spi.DeliveryListener;
import io.evidencekit.spi.DeliveryUpdate;

/**
 * The role a notification backend's callback endpoint gets: record delivery news, nothing else. A receipt
 * names the backend's id for a message; only messages this engine sent are affected.
 */
final class DeliveryReceiptsRole implements DeliveryListener {
  private final EngineParts parts;
  private final Liveness liveness;

  DeliveryReceiptsRole(EngineParts parts, Liveness liveness) {
    this.parts = parts;
    this.liveness = liveness;
  }

  @Override
  public void delivery(DeliveryUpdate update) {
    liveness.check();
    parts.deliveries.record(update, CustodyEvents.VIA_RECEIPT);
  }
}
