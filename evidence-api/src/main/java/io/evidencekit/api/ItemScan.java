package io.evidencekit.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An item's scan status: its state and each scanner's latest result.
 *
 * @param attempts how many scan passes could not give a verdict since the item was last queued
 * @param results each scanner's latest result, by scanner name; empty while nothing has scanned the item
 */
public record ItemScan(ItemId item, RequestId requestId, String submittedName, ScanState state, List<ScanRecord> results,
    int attempts) {
  public ItemScan {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(submittedName, "submittedName");
    Objects.requireNonNull(state, "state");
    results = List.copyOf(results);
    Validate.nonNegative(attempts, "attempts");
  }

  /** Every signature any scanner detected in the item, in scanner order. */
  public List<String> detections() {
    return results.stream().flatMap(r -> r.signatures().stream()).distinct().toList();
  }

  /** The first problem a scanner reported, if the item could not be scanned. */
  public Optional<String> problem() {
    return results.stream().map(ScanRecord::problem).flatMap(Optional::stream).findFirst();
  }
}
