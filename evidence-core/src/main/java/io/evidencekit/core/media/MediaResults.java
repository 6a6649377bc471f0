package io.evidencekit.core.media;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evidencekit.api.DecodeCheck;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.ItemMedia;
import io.evidencekit.api.MediaInfo;
import io.evidencekit.api.MediaState;
import io.evidencekit.api.MediaStream;
import io.evidencekit.api.Sha256;
import io.evidencekit.core.ingest.SubmissionStore;
import io.evidencekit.core.internal.Database;
import io.evidencekit.core.internal.Rows;
import io.evidencekit.spi.BlobId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.jdbi.v3.core.Handle;

/** Rows of {@code item_media}: one result per item. Engine-internal; stateless and thread-safe. */
public final class MediaResults {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What is stored for an item: the state, the tool, the facts when inspected, the still when made. */
  record Row(MediaState state, String tool, Optional<MediaInfo> info, Optional<String> detail,
      Optional<StoredStill> still, Instant at) {}

  /** A derived still in the blob store. */
  public record StoredStill(BlobId blob, Sha256 sha256, long size, String contentType) {}

  private MediaResults() {}

  static void put(Handle h, ItemId item, Row r) {
    h.createUpdate("DELETE FROM item_media WHERE item_id = :item").bind("item", item.value()).execute();
    Optional<MediaInfo> info = r.info();
    Database.bindTime(Database.bindTime(h.createUpdate("""
            INSERT INTO item_media (item_id, state, tool, container, duration_ms, creation_time, timecode, decodes,
              streams, detail, still_blob, still_sha256, still_size, still_type, inspected_at)
            VALUES (:item, :state, :tool, :container, :duration, :created, :timecode, :decodes, :streams, :detail,
              :stillBlob, :stillSha, :stillSize, :stillType, :at)"""), "created",
            info.flatMap(MediaInfo::creationTime).orElse(null)), "at", r.at())
        .bind("item", item.value())
        .bind("state", r.state().name())
        .bind("tool", r.tool())
        .bind("container", info.map(MediaInfo::container).orElse(null))
        .bind("duration", info.flatMap(MediaInfo::duration).map(Duration::toMillis).orElse(null))
        .bind("timecode", info.flatMap(MediaInfo::timecode).orElse(null))
        .bind("decodes", info.map(i -> i.decodes().name()).orElse(null))
        .bind("streams", info.map(i -> streams(i.streams())).orElse(null))
        .bind("detail", r.detail().map(d -> d.length() <= 400 ? d : d.substring(0, 400)).orElse(null))
        .bind("stillBlob", r.still().map(s -> s.blob().value()).orElse(null))
        .bind("stillSha", r.still().map(s -> s.sha256().hex()).orElse(null))
        .bind("stillSize", r.still().map(StoredStill::size).orElse(null))
        .bind("stillType", r.still().map(StoredStill::contentType).orElse(null))
        .execute();
  }

  /** The item's media facts: PENDING until a result is recorded. */
  public static ItemMedia of(Handle h, SubmissionStore.StoredItem stored) {
    var item = stored.item();
    Optional<Row> row = row(h, item.id());
    if (row.isEmpty()) {
      return new ItemMedia(item.id(), item.requestId(), item.submittedName(), item.size(), MediaState.PENDING,
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
    Row r = row.get();
    return new ItemMedia(item.id(), item.requestId(), item.submittedName(), item.size(), r.state(), r.info(),
        Optional.of(r.tool()), r.detail(), r.still().map(StoredStill::sha256), Optional.of(r.at()));
  }

  static Optional<Row> row(Handle h, ItemId item) {
    return h.createQuery("SELECT * FROM item_media WHERE item_id = :item")
        .bind("item", item.value())
        .map((rs, ctx) -> {
          MediaState state = MediaState.valueOf(rs.getString("state"));
          Optional<MediaInfo> info = Optional.empty();
          if (state == MediaState.INSPECTED) {
            long ms = rs.getLong("duration_ms");
            Optional<Duration> duration = rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(ms));
            info = Optional.of(new MediaInfo(rs.getString("container"), duration, streams(rs.getString("streams")),
                Rows.optionalInstant(rs, "creation_time"), Rows.optionalString(rs, "timecode"),
                DecodeCheck.valueOf(rs.getString("decodes"))));
          }
          Optional<StoredStill> still = Rows.optionalString(rs, "still_blob").map(b -> {
            try {
              return new StoredStill(new BlobId(b), new Sha256(rs.getString("still_sha256").strip()),
                  rs.getLong("still_size"), rs.getString("still_type"));
            } catch (java.sql.SQLException e) {
              throw new io.evidencekit.api.EvidenceException(io.evidencekit.api.ErrorCode.INTERNAL, "stored media facts could not be read or written", e);
            }
          });
          return new Row(state, rs.getString("tool"), info, Rows.optionalString(rs, "detail"), still,
              Rows.instant(rs, "inspected_at"));
        })
        .findOne();
  }

  /** The still's blob, when the item has one. */
  public static Optional<StoredStill> still(Handle h, ItemId item) {
    return row(h, item).flatMap(Row::still);
  }

  /**
   * The still blobs of a request's items that no item of another request, not disposed of, shares (stills
   * are content-addressed like the evidence): what disposing of the request deletes from the store.
   */
  public static List<String> stillsOnlyOf(Handle h, io.evidencekit.api.RequestId request) {
    return h.createQuery("""
            SELECT DISTINCT m.still_blob FROM item_media m JOIN evidence_item i ON i.id = m.item_id
            WHERE i.request_id = :r AND m.still_blob IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM item_media o JOIN evidence_item oi ON oi.id = o.item_id
                              LEFT JOIN retention_subject s ON s.request_id = oi.request_id
                              WHERE o.still_blob = m.still_blob AND oi.request_id <> :r
                                AND (s.state IS NULL OR s.state NOT IN ('DISPOSED', 'DISPOSING')))""")
        .bind("r", request.value())
        .mapTo(String.class)
        .list();
  }

  /**
   * Disposal: the request's derived media data goes (facts, still references, queue notes) and its time
   * windows' labels are redacted; the custody events that recorded them stay, their bodies redacted by the
   * disposer like every other.
   */
  public static void dispose(Handle h, io.evidencekit.api.RequestId request) {
    h.createUpdate("DELETE FROM item_media WHERE item_id IN (SELECT id FROM evidence_item WHERE request_id = :r)")
        .bind("r", request.value()).execute();
    h.createUpdate("""
            UPDATE media_queue SET state = 'DONE', last_detail = NULL
            WHERE item_id IN (SELECT id FROM evidence_item WHERE request_id = :r)""")
        .bind("r", request.value()).execute();
    h.createUpdate("UPDATE request_time_window SET label = '[disposed]' WHERE request_id = :r")
        .bind("r", request.value()).execute();
  }

  private static String streams(List<MediaStream> streams) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (MediaStream s : streams) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", s.kind().name());
      m.put("codec", s.codec());
      s.width().ifPresent(v -> m.put("width", v));
      s.height().ifPresent(v -> m.put("height", v));
      s.frameRate().ifPresent(v -> m.put("frameRate", v));
      s.channels().ifPresent(v -> m.put("channels", v));
      out.add(m);
    }
    try {
      String json = JSON.writeValueAsString(out);
      return json.length() <= 8000 ? json : JSON.writeValueAsString(out.subList(0, Math.min(out.size(), 20)));
    } catch (JsonProcessingException e) {
      throw new io.evidencekit.api.EvidenceException(io.evidencekit.api.ErrorCode.INTERNAL, "stored media facts could not be read or written", e);
    }
  }

  private static List<MediaStream> streams(String json) {
    if (json == null) {
      return List.of();
    }
    try {
      List<Map<String, Object>> rows = JSON.readValue(json, new TypeReference<>() {});
      List<MediaStream> out = new ArrayList<>();
      for (Map<String, Object> m : rows) {
        out.add(new MediaStream(MediaStream.Kind.valueOf((String) m.get("kind")), (String) m.get("codec"),
            optionalInt(m.get("width")), optionalInt(m.get("height")),
            m.get("frameRate") instanceof Number n ? OptionalDouble.of(n.doubleValue()) : OptionalDouble.empty(),
            optionalInt(m.get("channels"))));
      }
      return out;
    } catch (JsonProcessingException e) {
      throw new io.evidencekit.api.EvidenceException(io.evidencekit.api.ErrorCode.INTERNAL, "stored media facts could not be read or written", e);
    }
  }

  private static OptionalInt optionalInt(Object o) {
    return o instanceof Number n ? OptionalInt.of(n.intValue()) : OptionalInt.empty();
  }
}
