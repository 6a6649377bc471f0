package io.evidencekit.core.retention;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.retention.RetentionRules;
import io.evidencekit.api.retention.RetentionState;
import io.evidencekit.core.custody.BodyRedaction;
import io.evidencekit.core.custody.CustodyEvents;
import io.evidencekit.core.custody.CustodyLog;
import io.evidencekit.core.custody.PendingEvent;
import io.evidencekit.core.internal.Database;
import io.evidencekit.core.internal.EngineClock;
import io.evidencekit.spi.BlobId;
import io.evidencekit.spi.BlobStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Carries out one claimed disposal: deletes every stored copy (outside any transaction: the delete is
 * idempotent, so a crash before the records change only means deleting again), then in one transaction
 * redacts the personal data from the request's records and custody event bodies, appends the disposal
 * certificate and marks the request disposed. A blob another request still uses (stored once for identical
 * content) is kept for that request. Thread-safe.
 */
public final class Disposer {
  /** What redacted columns hold. */
  public static final String DISPOSED = "[disposed]";
  /** A syntactically valid address in a reserved domain, for the recipient's email column. */
  public static final String DISPOSED_EMAIL = "disposed@disposed.invalid";
  /** Redacted events per certificate part, so each certificate's body stays well under the column's size. */
  private static final int PER_CERTIFICATE = 400;

  private final Database db;
  private final EngineClock clock;
  private final CustodyLog custody;
  private final BlobStore store;
  private final BodyRedaction redaction;

  public Disposer(Database db, EngineClock clock, CustodyLog custody, BlobStore store, BodyRedaction redaction) {
    this.db = db;
    this.clock = clock;
    this.custody = custody;
    this.store = store;
    this.redaction = redaction;
  }

  private record Item(UUID id, String sha256, String blob) {}

  void dispose(RequestId r, Instant asOf, RetentionRules rules) {
    List<Item> items = db.read(h -> items(h, r));
    Set<String> toDelete = new LinkedHashSet<>();
    db.read(h -> {
      for (Item i : items) {
        int others = h.createQuery("""
                SELECT COUNT(*) FROM evidence_item i LEFT JOIN retention_subject s ON s.request_id = i.request_id
                WHERE i.blob_id = :b AND i.request_id <> :r AND (s.state IS NULL OR s.state NOT IN ('DISPOSED', 'DISPOSING'))""")
            .bind("b", i.blob()).bind("r", r.value()).mapTo(Integer.class).one();
        if (others == 0) {
          toDelete.add(i.blob());
        }
      }
      // Derived data goes with the evidence: the media inspector's stills (a picture of the footage).
      toDelete.addAll(io.evidencekit.core.media.MediaResults.stillsOnlyOf(h, r));
      return null;
    });
    for (String blob : toDelete) {
      try {
        store.delete(new BlobId(blob));
      } catch (IOException e) {
        // Left DISPOSING: a later sweep takes it again once the lease runs out.
        throw new EvidenceException(ErrorCode.STORAGE_FAILURE, "could not delete a stored copy while disposing of "
            + "a request; the next sweep tries again", e);
      }
    }
    db.inTransaction(h -> {
      RetentionStore.Subject s = RetentionStore.subject(h, r, true).orElseThrow();
      if (s.state() != RetentionState.DISPOSING) {
        return null; // another engine finished it
      }
      redactRecords(h, r);
      List<String> redacted = redactEvents(h, r);
      Instant now = clock.now();
      List<String> itemList = items.stream().map(i -> i.id() + ":" + i.sha256()).toList();
      int parts = Math.max(1, (redacted.size() + PER_CERTIFICATE - 1) / PER_CERTIFICATE);
      List<PendingEvent> certificates = new ArrayList<>();
      for (int p = 0; p < parts; p++) {
        List<String> slice = redacted.subList(p * PER_CERTIFICATE, Math.min(redacted.size(), (p + 1) * PER_CERTIFICATE));
        certificates.add(CustodyEvents.disposalCertified(now, RetentionService.SWEEP, r, new CustodyEvents.Certificate(
            s.category(), rules.version(), s.scheduledRule().orElse("-"), s.scheduledBy().orElse("-"), asOf,
            p == 0 ? itemList : List.of(), p == 0 ? toDelete.size() : 0, slice, p + 1, parts)));
      }
      custody.append(h, certificates);
      Database.bindTime(h.createUpdate("""
              UPDATE retention_subject SET state = 'DISPOSED', disposed_at = :now, lease_until = NULL, updated_at = :now
              WHERE request_id = :r"""), "now", now).bind("r", r.value()).execute();
      return null;
    });
  }

  private static List<Item> items(Handle h, RequestId r) {
    return h.createQuery("SELECT id, CAST(sha256 AS VARCHAR(64)) AS sha256, blob_id FROM evidence_item WHERE request_id = :r ORDER BY received_at, id")
        .bind("r", r.value())
        .map((rs, ctx) -> new Item(rs.getObject("id", UUID.class), rs.getString("sha256"), rs.getString("blob_id")))
        .list();
  }

  /** Personal data out of every row about the request; ids, hashes, sizes, states and times stay. */
  private static void redactRecords(Handle h, RequestId r) {
    UUID id = r.value();
    h.createUpdate("""
            UPDATE evidence_request SET incident_summary = :d, description = :d, recipient_name = :d,
              recipient_email = :email, recipient_mobile = NULL WHERE id = :r""")
        .bind("d", DISPOSED).bind("email", DISPOSED_EMAIL).bind("r", id).execute();
    h.createUpdate("UPDATE invitation SET sent_to = :d WHERE request_id = :r").bind("d", DISPOSED).bind("r", id).execute();
    h.createUpdate("UPDATE submission SET caption = NULL, declaration = NULL WHERE request_id = :r").bind("r", id).execute();
    h.createUpdate("UPDATE evidence_item SET submitted_name = :d WHERE request_id = :r").bind("d", DISPOSED).bind("r", id)
        .execute();
    h.createUpdate("""
            UPDATE scan_queue SET last_detail = NULL WHERE item_id IN (SELECT id FROM evidence_item WHERE request_id = :r)""")
        .bind("r", id).execute();
    // Messages about the request (addresses, names, the description): nothing of them is needed any more.
    h.createUpdate("""
            UPDATE outbox SET payload = '{}', sealed_secret = NULL, last_detail = NULL,
              state = CASE WHEN state = 'PENDING' THEN 'ABANDONED' ELSE state END WHERE request_id = :r""")
        .bind("r", id).execute();
    h.createUpdate("DELETE FROM retention_fact WHERE request_id = :r").bind("r", id).execute();
    io.evidencekit.core.media.MediaResults.dispose(h, r);
    h.createUpdate("UPDATE legal_hold SET reason = :d, lift_reason = :d WHERE request_id = :r")
        .bind("d", DISPOSED).bind("r", id).execute();
  }

  /** Redacts the bodies of the request's events; returns {@code seq:bodySha256} for each one redacted. */
  private List<String> redactEvents(Handle h, RequestId r) {
    List<String> redacted = new ArrayList<>();
    List<Object[]> rows = h.createQuery("""
            SELECT seq, body, CAST(body_sha256 AS VARCHAR(64)) AS hash FROM custody_event
            WHERE request_id = :r AND action <> 'DISPOSAL_CERTIFIED' ORDER BY seq""")
        .bind("r", r.value())
        .map((rs, ctx) -> new Object[] {rs.getLong("seq"), rs.getString("body"), rs.getString("hash")}).list();
    for (Object[] row : rows) {
      String body = (String) row[1];
      String redactedBody = redaction.redact(body);
      if (!redactedBody.equals(body)) {
        h.createUpdate("UPDATE custody_event SET body = :b WHERE seq = :s").bind("b", redactedBody)
            .bind("s", (long) row[0]).execute();
      }
      redacted.add(row[0] + ":" + row[2]);
    }
    return redacted;
  }
}
