package io.evidencekit.core.custody;

import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.core.custody.log.MerkleLog;
import io.evidencekit.core.custody.log.TileStore;
import io.evidencekit.verify.Rfc6962;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The Merkle log's tiles in the {@code custody_tile} table, read and written on the caller's handle
 * and therefore inside the caller's transaction. Tiles put are written by {@link #flush}, which the
 * appender calls before its transaction commits. Not thread-safe: one per handle.
 */
final class JdbcTileStore implements TileStore {
  private static final int FULL_TILE_BYTES = MerkleLog.TILE_WIDTH * Rfc6962.HASH_SIZE;

  private final Handle handle;
  private final TileCache cache;
  private final boolean readOnly;
  /** Tiles this store already read: a proof visits the same few tiles many times. Reading stores only. */
  private final java.util.Map<Long, byte[]> seen = new java.util.HashMap<>();
  /** Tiles put and not yet written, in the order put. Appending stores only. */
  private final Map<Long, PendingTile> pending = new LinkedHashMap<>();

  private JdbcTileStore(Handle handle, TileCache cache, boolean readOnly) {
    this.handle = handle;
    this.cache = cache;
    this.readOnly = readOnly;
  }

  /** For appends: reads go to the database, never to the cache (the transaction may yet roll back). */
  static JdbcTileStore forAppend(Handle handle) {
    return new JdbcTileStore(handle, TileCache.NONE, false);
  }

  /** For proofs and roots on committed data: full tiles, which never change again, are cached. */
  static JdbcTileStore forReading(Handle handle, TileCache cache) {
    return new JdbcTileStore(handle, cache, true);
  }

  @Override
  public Optional<byte[]> tile(int level, long index) {
    long key = key(level, index);
    PendingTile written = pending.get(key);
    if (written != null) {
      return Optional.of(written.hashes().clone());
    }
    byte[] known = seen.get(key);
    if (known != null) {
      return Optional.of(known.clone());
    }
    byte[] cached = cache.get(level, index);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<byte[]> tile = handle.createQuery("SELECT hashes FROM custody_tile WHERE tile_level = :l AND idx = :i")
        .bind("l", level)
        .bind("i", index)
        .mapTo(byte[].class)
        .findOne();
    tile.filter(t -> t.length == FULL_TILE_BYTES).ifPresent(t -> cache.put(level, index, t));
    if (readOnly) {
      tile.ifPresent(t -> seen.put(key, t.clone()));
    }
    return tile;
  }

  @Override
  public void put(int level, long index, byte[] hashes) {
    if (readOnly) {
      throw new EvidenceException(ErrorCode.INTERNAL, "a reading tile store does not write");
    }
    // Kept until flush(): an append changes about ten tiles, written then in two JDBC batches rather
    // than ten or twenty statements.
    pending.put(key(level, index), new PendingTile(level, index, hashes.clone()));
  }

  /**
   * Writes the tiles put since the last flush, in the caller's transaction. Writers hold the
   * {@code custody_head} row lock, so update-else-insert is race-free (and portable: no
   * dialect-specific upsert).
   */
  void flush() {
    if (pending.isEmpty()) {
      return;
    }
    List<PendingTile> tiles = new ArrayList<>(pending.values());
    pending.clear();
    Connection connection = handle.getConnection();
    try {
      List<PendingTile> missing = new ArrayList<>();
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE custody_tile SET hashes = ? WHERE tile_level = ? AND idx = ?")) {
        for (PendingTile tile : tiles) {
          update.setBytes(1, tile.hashes());
          update.setInt(2, tile.level());
          update.setLong(3, tile.index());
          update.addBatch();
        }
        int[] counts = update.executeBatch();
        for (int i = 0; i < tiles.size(); i++) {
          if (counts[i] == 0 || (counts[i] == Statement.SUCCESS_NO_INFO && !exists(connection, tiles.get(i)))) {
            missing.add(tiles.get(i));
          }
        }
      }
      if (!missing.isEmpty()) {
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO custody_tile (tile_level, idx, hashes) VALUES (?, ?, ?)")) {
          for (PendingTile tile : missing) {
            insert.setInt(1, tile.level());
            insert.setLong(2, tile.index());
            insert.setBytes(3, tile.hashes());
            insert.addBatch();
          }
          insert.executeBatch();
        }
      }
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException(e, null);
    }
  }

  /** For a driver that does not count batched updates. */
  private static boolean exists(Connection connection, PendingTile tile) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM custody_tile WHERE tile_level = ? AND idx = ?")) {
      select.setInt(1, tile.level());
      select.setLong(2, tile.index());
      try (ResultSet rs = select.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static long key(int level, long index) {
    return ((long) level << 56) | index;
  }

  private record PendingTile(int level, long index, byte[] hashes) {}
}
