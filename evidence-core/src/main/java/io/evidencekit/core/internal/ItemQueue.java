package io.evidencekit.core.internal;

import io.evidencekit.api.ItemId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;

/**
 * A queue table of items waiting for background work (a malware scan, a media inspection): one row per
 * item, written in the transaction that records the item, claimed with a lease by a worker and ended only
 * by the claim that holds it. Rows another transaction is claiming are skipped ({@code SKIP LOCKED}), so
 * several engines take different items; the lease then keeps them apart, and a worker that dies leaves
 * its rows to be taken again when the lease runs out.
 *
 * <p>The table has the columns {@code item_id, state, attempts, next_attempt_at, lease_until, claim_id,
 * queued_at, last_detail}, and with {@code generations} also {@code generation}: a queue whose items can be
 * queued again while a claim is under way (a re-scan) bumps it, so that claim's end puts the row back to
 * waiting instead of ending it.
 *
 * <p>Immutable and thread-safe; the table name comes from engine code, never from input.
 */
public final class ItemQueue {
  /** A claimed row: the item, its size, its failed passes so far and the generation it was claimed in. */
  public record Claimed(ItemId item, long size, int attempts, int generation) {}

  /** How every claim ends: the lease released, only by the claim that holds it. */
  private static final String ENDED = """
       lease_until = NULL, claim_id = NULL, last_detail = :detail
      WHERE item_id = :item AND claim_id = :claim""";

  private final String table;
  private final boolean generations;

  public ItemQueue(String table, boolean generations) {
    this.table = table;
    this.generations = generations;
  }

  /** Queues a newly recorded item, in the transaction that records it. */
  public void enqueue(Handle h, ItemId item, Instant now) {
    Database.bindTime(Database.bindTime(h.createUpdate("INSERT INTO " + table
            + " (item_id, state, attempts, next_attempt_at, queued_at) VALUES (:item, 'WAITING', 0, :now, :queued)"),
            "now", now), "queued", now)
        .bind("item", item.value())
        .execute();
  }

  /** Claims up to {@code max} due rows for {@code claim}, each leased for {@code leaseFor(size)}. */
  public List<Claimed> claim(Database db, int max, Instant now, UUID claim, LongFunction<Duration> leaseFor) {
    String generation = generations ? "q.generation" : "0";
    return db.inTransaction(h -> {
      List<Claimed> due = Database.bindTime(h.createQuery("SELECT q.item_id, q.attempts, " + generation
              + " AS generation FROM " + table + " q"
              + """
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
        Database.bindTime(h.createUpdate(
                "UPDATE " + table + " SET lease_until = :lease, claim_id = :claim WHERE item_id = :item"),
                "lease", now.plus(leaseFor.apply(size)))
            .bind("claim", claim)
            .bind("item", c.item().value())
            .execute();
        claimed.add(new Claimed(c.item(), size, c.attempts(), c.generation()));
      }
      return claimed;
    });
  }

  /** Locks the row if {@code claim} still holds it (its lease was not taken over); false otherwise. */
  public boolean holds(Handle h, ItemId item, UUID claim) {
    return h.createQuery("SELECT item_id FROM " + table + " WHERE item_id = :item AND claim_id = :claim FOR UPDATE")
        .bind("item", item.value())
        .bind("claim", claim)
        .mapTo(UUID.class)
        .findOne()
        .isPresent();
  }

  /**
   * Ends the claim: DONE, unless the item was queued again meanwhile (another generation), in which case it
   * waits again from now with no failed passes.
   */
  public void finish(Handle h, Claimed c, UUID claim, int attempts, String detail) {
    String sql = generations ? """
            SET state = CASE WHEN generation = :generation THEN 'DONE' ELSE 'WAITING' END,
              attempts = CASE WHEN generation = :generation THEN :attempts ELSE 0 END,"""
        : "SET state = 'DONE', attempts = :attempts,";
    ended(h.createUpdate("UPDATE " + table + " " + sql + ENDED), c, claim, attempts, detail).execute();
  }

  /** Ends the claim with another pass due at {@code next}. */
  public void retry(Handle h, Claimed c, UUID claim, int attempts, Instant next, String detail) {
    String sql = generations ? """
            SET attempts = CASE WHEN generation = :generation THEN :attempts ELSE 0 END,
              next_attempt_at = CASE WHEN generation = :generation THEN :next ELSE next_attempt_at END,"""
        : "SET attempts = :attempts, next_attempt_at = :next,";
    Database.bindTime(ended(h.createUpdate("UPDATE " + table + " " + sql + ENDED), c, claim, attempts, detail),
        "next", next).execute();
  }

  private Update ended(Update update, Claimed c, UUID claim,
      int attempts, String detail) {
    if (generations) {
      update.bind("generation", c.generation());
    }
    return update
        .bind("attempts", attempts)
        .bind("detail", detail.length() <= 500 ? detail : detail.substring(0, 500))
        .bind("item", c.item().value())
        .bind("claim", claim);
  }

  /** Items waiting: due now or waiting for a retry. */
  public int waiting(Handle h) {
    return h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE state = 'WAITING'").mapTo(Integer.class).one();
  }

  /** Failed passes of the item's current queueing; 0 when it is not queued. */
  public int attempts(Handle h, ItemId item) {
    return h.createQuery("SELECT attempts FROM " + table + " WHERE item_id = :item")
        .bind("item", item.value()).mapTo(Integer.class).findOne().orElse(0);
  }
}
