package io.evidencekit.core.custody.log;

import java.util.Optional;

/**
 * Where a {@link MerkleLog} keeps its hashes: C2SP tlog-tiles style tiles of height 8. The tile at
 * {@code (level, index)} holds the hashes of tree level {@code 8 * level} numbered
 * {@code 256 * index} to {@code 256 * index + width - 1}, concatenated (32 bytes each, width 1..256).
 * Level 0 tiles hold the leaf hashes; a level L+1 hash is the root of a full level L tile.
 *
 * <p>The log is append-only, so a tile only ever grows: a wider version of a tile starts with the
 * bytes of every narrower one, and a store keeps just the latest (widest) version. Readers of an
 * earlier tree size use a prefix of it.
 *
 * <p>Implementations must be thread-safe for concurrent reads; the log calls {@link #put} only from
 * one append at a time. A database implementation writes tiles in the same transaction as the events
 * and the new tree size, so the tiles never run ahead of, or behind, the size the engine opens the log
 * with. Neither method may keep or expose the arrays it is given or returns.
 */
public interface TileStore {

  /** The latest hashes stored for the tile, concatenated; empty if the tile was never written. */
  Optional<byte[]> tile(int level, long index);

  /** Stores a full (8192 bytes) or partial (a multiple of 32 bytes) tile, replacing a narrower version. */
  void put(int level, long index, byte[] hashes);
}
