package io.evidencekit.core.custody;

import io.evidencekit.core.custody.log.MerkleLog;
import io.evidencekit.core.custody.log.Rfc6962;
import io.evidencekit.core.custody.log.TileStore;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The Merkle log's tiles in the {@code custody_tile} table, read and written on the caller's handle
 * and therefore inside the caller's transaction. Writers hold the {@code custody_head} row lock, so a
 * plain update-else-insert is race-free (and portable: no dialect-specific upsert). Not thread-safe:
 * one per handle.
 */
final class JdbcTileStore implements TileStore {
  private static final int FULL_TILE_BYTES = MerkleLog.TILE_WIDTH * Rfc6962.HASH_SIZE;

  private final Handle handle;
  private final TileCache cache;
  private final boolean readOnly;
  /** Tiles this store already read: a proof visits the same few tiles many times. Reading stores only. */
  private final java.util.Map<Long, byte[]> seen = new java.util.HashMap<>();

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
    long key = ((long) level << 56) | index;
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
      throw new IllegalStateException("a reading tile store does not write");
    }
    int updated = handle.createUpdate("UPDATE custody_tile SET hashes = :h WHERE tile_level = :l AND idx = :i")
        .bind("h", hashes)
        .bind("l", level)
        .bind("i", index)
        .execute();
    if (updated == 0) {
      handle.createUpdate("INSERT INTO custody_tile (tile_level, idx, hashes) VALUES (:l, :i, :h)")
          .bind("h", hashes)
          .bind("l", level)
          .bind("i", index)
          .execute();
    }
  }
}
