package io.evidencekit.core.scan;

import io.evidencekit.api.ItemId;
import io.evidencekit.core.internal.Database;
import io.evidencekit.core.internal.ItemQueue;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * Rows of {@code scan_queue} ({@link ItemQueue} with generations: a re-scan may queue an item again while
 * a claim on it is under way). Engine-internal; stateless and thread-safe.
 */
public final class ScanQueue {
  static final ItemQueue ROWS = new ItemQueue("scan_queue", true);

  private ScanQueue() {}

  /** Queues a newly recorded item, in the transaction that records it. */
  public static void enqueue(Handle h, ItemId item, Instant now) {
    ROWS.enqueue(h, item, now);
  }

  /**
   * Queues every item that is not quarantined or removed again, due now. A claim under way keeps its
   * lease; its result is recorded and the item is then scanned again by whatever scanner changed.
   */
  static int requeueAll(Handle h, Instant now) {
    return Database.bindTime(h.createUpdate("""
            UPDATE scan_queue SET state = 'WAITING', attempts = 0, next_attempt_at = :now,
              generation = generation + 1
            WHERE item_id IN (SELECT id FROM evidence_item WHERE scan_state <> 'INFECTED' AND removed_at IS NULL)"""),
            "now", now)
        .execute();
  }
}
