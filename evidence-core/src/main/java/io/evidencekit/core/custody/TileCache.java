package io.evidencekit.core.custody;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Full tiles read from committed data, kept so that a proof costs about one database read. A full tile
 * never changes once committed (the log is append-only), so a cached one is never stale. Bounded; one
 * per engine, no global state. Thread-safe.
 */
final class TileCache {
  /** A cache that keeps nothing. */
  static final TileCache NONE = new TileCache(0);

  private record Key(int level, long index) {}

  private final @Nullable Cache<Key, byte[]> tiles;

  TileCache(int maxTiles) {
    this.tiles = maxTiles == 0 ? null : CacheBuilder.newBuilder().maximumSize(maxTiles).build();
  }

  byte @Nullable [] get(int level, long index) {
    if (tiles == null) {
      return null;
    }
    byte[] tile = tiles.getIfPresent(new Key(level, index));
    return tile == null ? null : tile.clone();
  }

  void put(int level, long index, byte[] tile) {
    if (tiles != null) {
      tiles.put(new Key(level, index), tile.clone());
    }
  }
}
