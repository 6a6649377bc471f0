package io.evidencekit.core.custody;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.Sha256;
import io.evidencekit.core.internal.Database;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Appends custody events inside the caller's transaction and reads them back. Appends take the lock
 * on the single {@code custody_head} row, so appends from every engine on one database are serialised
 * and sequence numbers are dense: the log cannot fork. Thread-safe (stateless apart from the mapper).
 */
public final class CustodyLog {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final ObjectMapper json;

  public CustodyLog(ObjectMapper json) {
    this.json = json;
  }

  /** Appends events in order within the caller's transaction; returns the first sequence number used. */
  public long append(Handle handle, List<PendingEvent> events) {
    if (events.isEmpty()) {
      return -1;
    }
    int updated = handle.createUpdate("UPDATE custody_head SET size = size + :n WHERE id = 1")
        .bind("n", events.size())
        .execute();
    if (updated != 1) {
      throw new EvidenceException(ErrorCode.INTERNAL, "custody log head is missing");
    }
    long end = handle.createQuery("SELECT size FROM custody_head WHERE id = 1").mapTo(Long.class).one();
    long first = end - events.size();
    PreparedBatch batch = handle.prepareBatch("""
        INSERT INTO custody_event (seq, occurred_at, actor_id, action, request_id, item_id, body, body_sha256)
        VALUES (:seq, :at, :actor, :action, CAST(:request AS UUID), CAST(:item AS UUID), :body, :hash)""");
    long seq = first;
    for (PendingEvent event : events) {
      byte[] body = EventBody.encode(seq, event);
      Database.bindTime(batch, "at", event.at())
          .bind("seq", seq)
          .bind("actor", event.actor().id())
          .bind("action", event.action().name())
          .bindByType("request", event.requestId().map(RequestId::value).orElse(null), UUID.class)
          .bindByType("item", event.itemId().map(ItemId::value).orElse(null), UUID.class)
          .bind("body", new String(body, StandardCharsets.UTF_8))
          .bind("hash", EventBody.sha256(body).hex())
          .add();
      seq++;
    }
    batch.execute();
    return first;
  }

  public long size(Handle handle) {
    return handle.createQuery("SELECT size FROM custody_head WHERE id = 1").mapTo(Long.class).one();
  }

  public List<CustodyEvent> forRequest(Handle handle, RequestId request) {
    return handle.createQuery("SELECT body, body_sha256 FROM custody_event WHERE request_id = :r ORDER BY seq")
        .bind("r", request.value())
        .map((rs, ctx) -> decode(rs.getString("body"), rs.getString("body_sha256")))
        .list();
  }

  public List<CustodyEvent> range(Handle handle, long fromSeq, int limit) {
    return new ArrayList<>(handle.createQuery(
            "SELECT body, body_sha256 FROM custody_event WHERE seq >= :from ORDER BY seq LIMIT :limit")
        .bind("from", fromSeq)
        .bind("limit", limit)
        .map((rs, ctx) -> decode(rs.getString("body"), rs.getString("body_sha256")))
        .list());
  }

  private CustodyEvent decode(String body, String hash) {
    try {
      return EventBody.decode(json.readValue(body, MAP), new Sha256(hash));
    } catch (IOException | RuntimeException e) {
      throw new EvidenceException(ErrorCode.INTEGRITY_FAILURE, "a custody event body cannot be read", e);
    }
  }
}
