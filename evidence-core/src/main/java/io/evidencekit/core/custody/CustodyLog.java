package io.evidencekit.core.custody;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.Sha256;
import io.evidencekit.core.custody.log.MerkleLog;
import io.evidencekit.core.internal.Database;
import io.evidencekit.verify.ConsistencyProof;
import io.evidencekit.verify.CustodyLeaf;
import io.evidencekit.verify.InclusionProof;
import io.evidencekit.verify.Rfc6962;
import io.evidencekit.verify.TreeHead;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Appends custody events inside the caller's transaction and reads them back. Appends take the lock
 * on the single {@code custody_head} row, so appends from every engine on one database are serialised
 * and sequence numbers are dense: the log cannot fork. Each append also computes the events' leaf
 * hashes ({@link CustodyLeaf}) and extends the RFC 6962 Merkle tree kept as tiles in
 * {@code custody_tile}, in the same transaction: events, tiles and the tree size ({@code custody_head.size})
 * commit or roll back together with the change the events record.
 *
 * <p>Thread-safe: the only state is the mapper and a cache of full (immutable) tiles.
 */
public final class CustodyLog {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  /** 1,024 full tiles (8 MiB) cover the upper levels of any log and the recently proved leaves. */
  private static final int CACHED_TILES = 1_024;

  private final ObjectMapper json;
  private final TileCache tiles = new TileCache(CACHED_TILES);

  public CustodyLog(ObjectMapper json) {
    this.json = json;
  }

  /** Appends events in order within the caller's transaction; returns the first sequence number used. */
  public long append(Handle handle, List<PendingEvent> events) {
    if (events.isEmpty()) {
      return -1;
    }
    int updated = handle.createUpdate("UPDATE custody_head SET size = size + :n, tree_size = tree_size + :n WHERE id = 1")
        .bind("n", events.size())
        .execute();
    if (updated != 1) {
      throw new EvidenceException(ErrorCode.INTERNAL, "custody log head is missing");
    }
    long end = handle.createQuery("SELECT size FROM custody_head WHERE id = 1").mapTo(Long.class).one();
    long first = end - events.size();
    EventEncoder encoder = new EventEncoder();
    List<byte[]> leaves = new ArrayList<>(events.size());
    // Plain JDBC on the transaction's own connection: Jdbi's per-argument binding costs more than the
    // hashing. Many rows per INSERT: PostgreSQL executes a batched single-row INSERT row by row (a bind,
    // an execute and an executor start-up each), which made the insert, not the hashing or the tree, the
    // batched append's cost on PostgreSQL with durable commits.
    Connection connection = handle.getConnection();
    try {
      int from = 0;
      PreparedStatement full = null;
      try {
        while (from < events.size()) {
          int rows = Math.min(ROWS_PER_INSERT, events.size() - from);
          PreparedStatement insert;
          if (rows == ROWS_PER_INSERT) {
            if (full == null) {
              full = connection.prepareStatement(insertSql(ROWS_PER_INSERT));
            }
            insert = full;
          } else {
            insert = connection.prepareStatement(insertSql(rows));
          }
          try {
            int p = 1;
            for (int i = from; i < from + rows; i++) {
              PendingEvent event = events.get(i);
              long seq = first + i;
              EventEncoder.Encoded encoded = encoder.encode(seq, event);
              byte[] leaf = encoded.leafHash();
              leaves.add(leaf);
              insert.setLong(p++, seq);
              insert.setObject(p++, Database.utc(event.at()));
              insert.setString(p++, event.actor().id());
              insert.setString(p++, event.action().name());
              setUuid(insert, p++, event.requestId().map(RequestId::value));
              setUuid(insert, p++, event.itemId().map(ItemId::value));
              insert.setString(p++, encoded.body());
              insert.setString(p++, encoded.bodyHashHex());
              insert.setBytes(p++, leaf);
            }
            insert.executeUpdate();
          } finally {
            if (insert != full) {
              insert.close();
            }
          }
          from += rows;
        }
      } finally {
        if (full != null) {
          full.close();
        }
      }
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException(e, null);
    }
    // The head row is locked until commit, so the tiles read here are those of exactly `first` leaves.
    JdbcTileStore tileStore = JdbcTileStore.forAppend(handle);
    MerkleLog.open(tileStore, first).append(leaves);
    tileStore.flush();
    return first;
  }

  /** Rows per INSERT statement: 9 parameters each, far below PostgreSQL's 65,535 per statement. */
  private static final int ROWS_PER_INSERT = 250;

  private static String insertSql(int rows) {
    StringBuilder sql = new StringBuilder(150 + rows * 22).append(
        "INSERT INTO custody_event (seq, occurred_at, actor_id, action, request_id, item_id, body, body_sha256, leaf_hash) VALUES ");
    for (int i = 0; i < rows; i++) {
      sql.append(i == 0 ? "" : ",").append("(?,?,?,?,?,?,?,?,?)");
    }
    return sql.toString();
  }

  private static void setUuid(PreparedStatement statement, int index, Optional<UUID> value) throws SQLException {
    if (value.isPresent()) {
      statement.setObject(index, value.get()); // both drivers map java.util.UUID to their UUID type
    } else {
      statement.setNull(index, Types.OTHER);
    }
  }

  /** The tree size and root of the committed log as this handle sees it. */
  public TreeHead treeHead(Handle handle) {
    long size = size(handle);
    return new TreeHead(size, reader(handle, size).root(size));
  }

  /** The root of the tree of the first {@code treeSize} events. */
  public byte[] root(Handle handle, long treeSize) {
    return reader(handle, size(handle)).root(treeSize);
  }

  /** Proof that event {@code sequence} is in the tree of {@code treeSize} events (read from the stored tiles). */
  public InclusionProof inclusionProof(Handle handle, long sequence, long treeSize) {
    return reader(handle, size(handle)).inclusionProof(sequence, treeSize);
  }

  /** Proof that the tree of {@code size2} events extends the tree of {@code size1}. */
  public ConsistencyProof consistencyProof(Handle handle, long size1, long size2) {
    return reader(handle, size(handle)).consistencyProof(size1, size2);
  }

  private MerkleLog reader(Handle handle, long size) {
    return MerkleLog.open(JdbcTileStore.forReading(handle, tiles), size);
  }

  /**
   * Gives leaf hashes and tiles to events written before the log was a Merkle tree (schema version 1).
   * Runs under the head lock; does nothing (one count query) once done. Returns the number of events
   * completed.
   */
  public long completeLeaves(Handle handle) {
    if (treeComplete(handle)) {
      return 0;
    }
    handle.createUpdate("UPDATE custody_head SET size = size WHERE id = 1").execute();
    if (treeComplete(handle)) {
      return 0; // another engine completed them while we waited for the lock
    }
    long size = size(handle);
    handle.createUpdate("DELETE FROM custody_tile").execute();
    Rfc6962 hasher = new Rfc6962();
    JdbcTileStore tileStore = JdbcTileStore.forAppend(handle);
    MerkleLog log = MerkleLog.open(tileStore, 0);
    List<byte[]> chunk = new ArrayList<>();
    List<Object[]> updates = new ArrayList<>();
    handle.createQuery("SELECT " + LEAF_COLUMNS + ", leaf_hash FROM custody_event WHERE seq < :n ORDER BY seq")
        .bind("n", size)
        .map((rs, ctx) -> {
          byte[] leaf = leafOf(rs, new Sha256(rs.getString("body_sha256"))).hash(hasher);
          if (rs.getBytes("leaf_hash") == null) {
            updates.add(new Object[] {rs.getLong("seq"), leaf});
          }
          return leaf;
        })
        .forEach(leaf -> {
          chunk.add(leaf);
          if (chunk.size() == 4_096) {
            log.append(chunk);
            tileStore.flush();
            chunk.clear();
          }
        });
    log.append(chunk);
    tileStore.flush();
    PreparedBatch batch = handle.prepareBatch("UPDATE custody_event SET leaf_hash = :leaf WHERE seq = :seq");
    for (Object[] u : updates) {
      batch.bind("seq", (Long) u[0]).bind("leaf", (byte[]) u[1]).add();
    }
    if (!updates.isEmpty()) {
      batch.execute();
    }
    handle.createUpdate("UPDATE custody_head SET tree_size = size WHERE id = 1").execute();
    return updates.size();
  }

  private static boolean treeComplete(Handle handle) {
    return handle.createQuery("SELECT tree_size = size FROM custody_head WHERE id = 1").mapTo(Boolean.class).one();
  }

  /** The columns {@link #leafOf} reads. */
  // body_sha256 is CHAR(64): read as VARCHAR, or H2 in PostgreSQL mode copies every row to pad it.
  static final String LEAF_COLUMNS =
      "seq, occurred_at, action, actor_id, request_id, item_id, CAST(body_sha256 AS VARCHAR(64)) AS body_sha256";

  /** The leaf of a stored event row, from its columns and the given body hash. */
  static CustodyLeaf leafOf(ResultSet rs, Sha256 bodyHash) throws SQLException {
    return new CustodyLeaf(rs.getLong("seq"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
        rs.getString("action"), rs.getString("actor_id"),
        Optional.ofNullable(rs.getObject("request_id", UUID.class)),
        Optional.ofNullable(rs.getObject("item_id", UUID.class)), bodyHash);
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

  /** An event's body exactly as stored and hashed, with its position: what a disclosure package carries. */
  public record StoredBody(long sequence, String body) {}

  /** The bodies of a request's events below {@code treeSize}, in log order. */
  public List<StoredBody> bodiesForRequest(Handle handle, RequestId request, long treeSize) {
    return handle.createQuery("SELECT seq, body FROM custody_event WHERE request_id = :r AND seq < :n ORDER BY seq")
        .bind("r", request.value())
        .bind("n", treeSize)
        .map((rs, ctx) -> new StoredBody(rs.getLong("seq"), rs.getString("body")))
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
