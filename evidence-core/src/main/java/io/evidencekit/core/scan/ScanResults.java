package io.evidencekit.core.scan;

import io.evidencekit.api.ItemId;
import io.evidencekit.api.ItemScan;
import io.evidencekit.api.ScanRecord;
import io.evidencekit.api.ScanState;
import io.evidencekit.core.internal.Database;
import io.evidencekit.core.internal.Rows;
import io.evidencekit.core.ingest.SubmissionStore;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Rows of {@code item_scan} (each scanner's latest result per item) and the item's {@code scan_state}.
 * Engine-internal; stateless and thread-safe.
 */
public final class ScanResults {
  private ScanResults() {}

  /** Each scanner's latest result on the item, by scanner name, in name order. */
  static Map<String, ScanRecord> latest(Handle h, ItemId item) {
    Map<String, ScanRecord> out = new LinkedHashMap<>();
    h.createQuery("SELECT * FROM item_scan WHERE item_id = :item ORDER BY scanner")
        .bind("item", item.value())
        .map((rs, ctx) -> new ScanRecord(rs.getString("scanner"), rs.getString("version"),
            ScanState.valueOf(rs.getString("verdict")),
            Optional.ofNullable(rs.getString("signatures")).map(s -> Arrays.asList(s.split("\n"))).orElse(List.of()),
            Optional.ofNullable(rs.getString("problem")), Rows.instant(rs, "scanned_at")))
        .forEach(r -> out.put(r.scanner(), r));
    return out;
  }

  /** Records a scanner's result as the item's latest from that scanner. */
  static void put(Handle h, ItemId item, ScanRecord r) {
    h.createUpdate("DELETE FROM item_scan WHERE item_id = :item AND scanner = :scanner")
        .bind("item", item.value()).bind("scanner", r.scanner()).execute();
    Database.bindTime(h.createUpdate("""
            INSERT INTO item_scan (item_id, scanner, verdict, version, signatures, problem, scanned_at)
            VALUES (:item, :scanner, :verdict, :version, :signatures, :problem, :at)"""), "at", r.scannedAt())
        .bind("item", item.value())
        .bind("scanner", r.scanner())
        .bind("verdict", r.verdict().name())
        .bind("version", r.version())
        .bindByType("signatures", r.signatures().isEmpty() ? null : String.join("\n", r.signatures()), String.class)
        .bindByType("problem", r.problem().orElse(null), String.class)
        .execute();
  }

  /** The item's scan state, locked until the transaction ends. */
  static ScanState lockState(Handle h, ItemId item) {
    return ScanState.valueOf(h.createQuery("SELECT scan_state FROM evidence_item WHERE id = :id FOR UPDATE")
        .bind("id", item.value()).mapTo(String.class).one());
  }

  static void setState(Handle h, ItemId item, ScanState state) {
    h.createUpdate("UPDATE evidence_item SET scan_state = :state WHERE id = :id")
        .bind("state", state.name()).bind("id", item.value()).execute();
  }

  /** The status the {@code Scanning} role shows for an item. */
  public static ItemScan status(Handle h, SubmissionStore.StoredItem stored) {
    var item = stored.item();
    return new ItemScan(item.id(), item.requestId(), item.submittedName(), item.scanState(),
        List.copyOf(latest(h, item.id()).values()), ScanQueue.ROWS.attempts(h, item.id()));
  }

  /** The scan states of a submission's items (removed drafts excluded), counted. */
  public static Map<ScanState, Integer> counts(Handle h, java.util.UUID submission) {
    Map<ScanState, Integer> counts = new java.util.EnumMap<>(ScanState.class);
    for (ScanState s : ScanState.values()) {
      counts.put(s, 0);
    }
    h.createQuery("""
            SELECT scan_state, COUNT(*) AS n FROM evidence_item WHERE submission_id = :s AND removed_at IS NULL
            GROUP BY scan_state""")
        .bind("s", submission)
        .map((rs, ctx) -> Map.entry(ScanState.valueOf(rs.getString("scan_state")), rs.getInt("n")))
        .forEach(e -> counts.put(e.getKey(), e.getValue()));
    return counts;
  }

  /** Every item's scan state (removed drafts excluded), counted. */
  public static Map<ScanState, Integer> countsAll(Handle h) {
    Map<ScanState, Integer> counts = new java.util.EnumMap<>(ScanState.class);
    for (ScanState s : ScanState.values()) {
      counts.put(s, 0);
    }
    h.createQuery("SELECT scan_state, COUNT(*) AS n FROM evidence_item WHERE removed_at IS NULL GROUP BY scan_state")
        .map((rs, ctx) -> Map.entry(ScanState.valueOf(rs.getString("scan_state")), rs.getInt("n")))
        .forEach(e -> counts.put(e.getKey(), e.getValue()));
    return java.util.Collections.unmodifiableMap(counts);
  }

  /** Sends the submission's waiting notice now if none of its items waits for a scan any more. */
  static int releaseNotice(Handle h, java.util.UUID submission, Instant now) {
    return Database.bindTime(h.createUpdate("""
            UPDATE outbox SET next_attempt_at = :now
            WHERE submission_id = :s AND state = 'PENDING' AND attempts = 0 AND next_attempt_at > :now
              AND NOT EXISTS (SELECT 1 FROM evidence_item
                              WHERE submission_id = :s AND removed_at IS NULL AND scan_state = 'PENDING')"""),
            "now", now)
        .bind("s", submission)
        .execute();
  }
}
