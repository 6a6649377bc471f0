package io.evidencekit.core.custody.log;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link TileStore} on the heap, for tests and for logs rebuilt in memory (an audit). Thread-safe. */
public final class InMemoryTileStore implements TileStore {
  private record Key(int level, long index) {}

  private final Map<Key, byte[]> tiles = new ConcurrentHashMap<>();

  @Override
  public Optional<byte[]> tile(int level, long index) {
    byte[] hashes = tiles.get(new Key(level, index));
    return hashes == null ? Optional.empty() : Optional.of(hashes.clone());
  }

  @Override
  public void put(int level, long index, byte[] hashes) {
    tiles.put(new Key(level, index), hashes.clone());
  }

  /** How many tiles are stored (all levels). */
  public int tileCount() {
    return tiles.size();
  }
}
