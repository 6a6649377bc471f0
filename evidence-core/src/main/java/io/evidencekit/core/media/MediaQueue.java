package io.evidencekit.core.media;

import io.evidencekit.api.ItemId;
import io.evidencekit.core.internal.Database;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Rows of {@code media_queue}: one per item, written with the item, claimed with a lease by a worker and
 * ended only by the claim that holds it. Engine-internal; stateless and thread-safe.
 */
public final class MediaQueue {
  record Claimed(ItemId item, long size, int attempts) {}

  private MediaQueue() {}

  /** Queues a newly recorded item, in the transaction that records it. */
  public static void enqueue(Handle h, ItemId item, Instant now) {
    Database.bindTime(Database.bindTime(h.createUpdate("""
            INSERT INTO media_queue (item_id, state, attempts, next_attempt_at, queued_at)
            VALUES (:item, 'WAITING', 0, :now, :queued)"""), "now", now), "queued", now)
        .bind("item", item.value())
        .execute();
  }

  /** Claims up to {@code max} due rows; rows another transaction is claiming are skipped. */
  static List<Claimed> claim(Database db, int max, Instant now, UUID claim, InspectionPolicy policy) {
    return db.inTransaction(h -> {
      List<Claimed> due = Database.bindTime(h.createQuery("""
              SELECT q.item_id, q.attempts FROM media_queue q
              WHERE q.state = 'WAITING' AND q.next_attempt_at <= :now
                AND (q.lease_until IS NULL OR q.lease_until < :now)
              ORDER BY q.next_attempt_at, q.item_id
              LIMIT :max
              FOR UPDATE SKIP LOCKED"""), "now", now)
          .bind("max", max)
          .map((rs, ctx) -> new Claimed(new ItemId(rs.getObject("item_id", UUID.class)), 0, rs.getInt("attempts")))
          .list();
      List<Claimed> claimed = new ArrayList<>();
      for (Claimed row : due) {
        long size = h.createQuery("SELECT size_bytes FROM evidence_item WHERE id = :id")
            .bind("id", row.item().value()).mapTo(Long.class).one();
        Claimed c = new Claimed(row.item(), size, row.attempts());
        Database.bindTime(h.createUpdate(
                "UPDATE media_queue SET lease_until = :lease, claim_id = :claim WHERE item_id = :item"),
                "lease", now.plus(policy.leaseFor(c.size())))
            .bind("claim", claim)
            .bind("item", c.item().value())
            .execute();
        claimed.add(c);
      }
      return claimed;
    });
  }

  /** Locks the row if {@code claim} still holds it; false when its lease was taken over. */
  static boolean holds(Handle h, ItemId item, UUID claim) {
    return h.createQuery("SELECT item_id FROM media_queue WHERE item_id = :item AND claim_id = :claim FOR UPDATE")
        .bind("item", item.value())
        .bind("claim", claim)
        .mapTo(UUID.class)
        .findOne()
        .isPresent();
  }

  static void finish(Handle h, Claimed c, UUID claim, int attempts, String detail) {
    h.createUpdate("""
            UPDATE media_queue SET state = 'DONE', attempts = :attempts, lease_until = NULL, claim_id = NULL,
              last_detail = :detail
            WHERE item_id = :item AND claim_id = :claim""")
        .bind("attempts", attempts)
        .bind("detail", truncate(detail))
        .bind("item", c.item().value())
        .bind("claim", claim)
        .execute();
  }

  static void retry(Handle h, Claimed c, UUID claim, int attempts, Instant next, String detail) {
    Database.bindTime(h.createUpdate("""
            UPDATE media_queue SET attempts = :attempts, next_attempt_at = :next, lease_until = NULL, claim_id = NULL,
              last_detail = :detail
            WHERE item_id = :item AND claim_id = :claim"""), "next", next)
        .bind("attempts", attempts)
        .bind("detail", truncate(detail))
        .bind("item", c.item().value())
        .bind("claim", claim)
        .execute();
  }

  static int waiting(Handle h) {
    return h.createQuery("SELECT COUNT(*) FROM media_queue WHERE state = 'WAITING'").mapTo(Integer.class).one();
  }

  private static String truncate(String s) {
    return s.length() <= 500 ? s : s.substring(0, 500);
  }
}
