package io.evidencekit.core.scan;

import io.evidencekit.api.ItemId;
import io.evidencekit.core.internal.Database;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Rows of {@code scan_queue}: one per item, written with the item, claimed with a lease by a worker and
 * ended only by the claim that holds it. Engine-internal; stateless and thread-safe.
 */
public final class ScanQueue {
  /** A claimed row: the item, its failed passes so far and the queue generation it was claimed in. */
  record Claimed(ItemId item, long size, int attempts, int generation) {}

  private ScanQueue() {}

  /** Queues a newly recorded item, in the transaction that records it. */
  public static void enqueue(Handle h, ItemId item, Instant now) {
    Database.bindTime(Database.bindTime(h.createUpdate("""
            INSERT INTO scan_queue (item_id, state, attempts, next_attempt_at, queued_at)
            VALUES (:item, 'WAITING', 0, :now, :queued)"""), "now", now), "queued", now)
        .bind("item", item.value())
        .execute();
  }

  /**
   * Claims up to {@code max} due rows for {@code claim}. Rows another transaction is claiming are skipped
   * ({@code SKIP LOCKED}), so several engines take different items; the lease then keeps them apart.
   */
  static List<Claimed> claim(Database db, int max, Instant now, UUID claim, ScanPolicy policy) {
    return db.inTransaction(h -> {
      List<Claimed> due = Database.bindTime(h.createQuery("""
              SELECT q.item_id, q.attempts, q.generation FROM scan_queue q
              WHERE q.state = 'WAITING' AND q.next_attempt_at <= :now
                AND (q.lease_until IS NULL OR q.lease_until < :now)
              ORDER BY q.next_attempt_at, q.item_id
              LIMIT :max
              FOR UPDATE SKIP LOCKED"""), "now", now)
          .bind("max", max)
          .map((rs, ctx) -> new Claimed(new ItemId(rs.getObject("item_id", UUID.class)), 0, rs.getInt("attempts"),
              rs.getInt("generation")))
          .list();
      List<Claimed> claimed = new ArrayList<>();
      for (Claimed c : due) {
        long size = h.createQuery("SELECT size_bytes FROM evidence_item WHERE id = :id")
            .bind("id", c.item().value()).mapTo(Long.class).one();
        Duration lease = policy.leaseFor(size);
        Database.bindTime(h.createUpdate(
                "UPDATE scan_queue SET lease_until = :lease, claim_id = :claim WHERE item_id = :item"),
                "lease", now.plus(lease))
            .bind("claim", claim)
            .bind("item", c.item().value())
            .execute();
        claimed.add(new Claimed(c.item(), size, c.attempts(), c.generation()));
      }
      return claimed;
    });
  }

  /** Locks the row if {@code claim} still holds it (its lease was not taken over); false otherwise. */
  static boolean holds(Handle h, ItemId item, UUID claim) {
    return h.createQuery("SELECT item_id FROM scan_queue WHERE item_id = :item AND claim_id = :claim FOR UPDATE")
        .bind("item", item.value())
        .bind("claim", claim)
        .mapTo(UUID.class)
        .findOne()
        .isPresent();
  }

  /**
   * Ends the claim: DONE, unless a re-scan queued the item again meanwhile (another generation), in which
   * case it waits again from now with no failed passes.
   */
  static void finish(Handle h, Claimed c, UUID claim, int attempts, String detail) {
    h.createUpdate("""
            UPDATE scan_queue SET
              state = CASE WHEN generation = :generation THEN 'DONE' ELSE 'WAITING' END,
              attempts = CASE WHEN generation = :generation THEN :attempts ELSE 0 END,
              lease_until = NULL, claim_id = NULL, last_detail = :detail
            WHERE item_id = :item AND claim_id = :claim""")
        .bind("generation", c.generation())
        .bind("attempts", attempts)
        .bind("detail", truncate(detail))
        .bind("item", c.item().value())
        .bind("claim", claim)
        .execute();
  }

  /** Ends the claim with another pass due at {@code next}. */
  static void retry(Handle h, Claimed c, UUID claim, int attempts, Instant next, String detail) {
    Database.bindTime(h.createUpdate("""
            UPDATE scan_queue SET
              attempts = CASE WHEN generation = :generation THEN :attempts ELSE 0 END,
              next_attempt_at = CASE WHEN generation = :generation THEN :next ELSE next_attempt_at END,
              lease_until = NULL, claim_id = NULL, last_detail = :detail
            WHERE item_id = :item AND claim_id = :claim"""), "next", next)
        .bind("generation", c.generation())
        .bind("attempts", attempts)
        .bind("detail", truncate(detail))
        .bind("item", c.item().value())
        .bind("claim", claim)
        .execute();
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

  /** Items waiting: due now or waiting for a retry. */
  static int waiting(Handle h) {
    return h.createQuery("SELECT COUNT(*) FROM scan_queue WHERE state = 'WAITING'").mapTo(Integer.class).one();
  }

  /** Failed passes of the item's current queueing. */
  static int attempts(Handle h, ItemId item) {
    return h.createQuery("SELECT attempts FROM scan_queue WHERE item_id = :item")
        .bind("item", item.value()).mapTo(Integer.class).findOne().orElse(0);
  }

  private static String truncate(String s) {
    return s.length() <= 500 ? s : s.substring(0, 500);
  }
}
