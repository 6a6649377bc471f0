package io.evidencekit.core.custody.log;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.verify.ConsistencyProof;
import io.evidencekit.verify.InclusionProof;
import io.evidencekit.verify.Rfc6962;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An append-only RFC 6962 Merkle tree kept as tiles in a {@link TileStore}. Appending stores every
 * leaf hash once and one hash per full tile above it; roots and proofs for any tree size up to the
 * current one read O(log n) tiles and hash at most 255 stored hashes per tile level, so a proof in a
 * log of a million leaves costs a few hundred hashes, never a pass over the leaves.
 *
 * <p>Thread-safe if the store is: appends are serialised on this object, and readers only look at
 * tiles for sizes that were complete when they started. Across processes the caller serialises
 * appends (the engine does it in the database) and opens the log with the size it persisted.
 */
public final class MerkleLog {
  /** Tree levels per tile (C2SP tlog-tiles). */
  public static final int TILE_HEIGHT = 8;
  /** Hashes in a full tile. */
  public static final int TILE_WIDTH = 1 << TILE_HEIGHT;

  private static final int H = Rfc6962.HASH_SIZE;

  private final TileStore store;
  private volatile long size;

  private MerkleLog(TileStore store, long size) {
    this.store = Objects.requireNonNull(store, "store");
    if (size < 0) {
      throw invalid("size must not be negative (was " + size + ")");
    }
    this.size = size;
  }

  /** A log over {@code store}, which holds the tiles of a tree of {@code size} leaves (0 for a new log). */
  public static MerkleLog open(TileStore store, long size) {
    return new MerkleLog(store, size);
  }

  /** The number of leaves. */
  public long size() {
    return size;
  }

  /**
   * Appends leaf hashes (each {@link Rfc6962#leafHash} of an entry) and writes every tile they change.
   * Returns the index of the first appended leaf.
   */
  public synchronized long append(List<byte[]> leafHashes) {
    requireHashes(leafHashes);
    long first = size;
    if (leafHashes.isEmpty()) {
      return first;
    }
    Rfc6962 hasher = new Rfc6962();
    byte[] incoming = new byte[leafHashes.size() * H];
    for (int i = 0; i < leafHashes.size(); i++) {
      System.arraycopy(leafHashes.get(i), 0, incoming, i * H, H);
    }
    for (int level = 0; incoming.length > 0; level++) {
      incoming = appendToLevel(hasher, level, first >>> (TILE_HEIGHT * level), incoming);
    }
    size = first + leafHashes.size();
    return first;
  }

  /**
   * Adds hashes to one tile level that already holds {@code stored} of them, and returns the hashes
   * the level above gains: the roots of the tiles this append filled.
   */
  private byte[] appendToLevel(Rfc6962 hasher, int level, long stored, byte[] incoming) {
    int count = incoming.length / H;
    long tileIndex = stored >>> TILE_HEIGHT;
    int inTile = (int) (stored & (TILE_WIDTH - 1));
    byte[] tile = new byte[TILE_WIDTH * H];
    if (inTile > 0) {
      // Only a prefix of a partial tile is ours; anything beyond it is from an append that never committed.
      System.arraycopy(readTile(level, tileIndex, inTile), 0, tile, 0, inTile * H);
    }
    byte[] above = new byte[(inTile + count) / TILE_WIDTH * H];
    int aboveCount = 0;
    int taken = 0;
    while (taken < count) {
      int n = Math.min(count - taken, TILE_WIDTH - inTile);
      System.arraycopy(incoming, taken * H, tile, inTile * H, n * H);
      taken += n;
      inTile += n;
      store.put(level, tileIndex, Arrays.copyOf(tile, inTile * H));
      if (inTile == TILE_WIDTH) {
        System.arraycopy(subtreeHash(hasher, tile, 0, TILE_WIDTH), 0, above, aboveCount++ * H, H);
        tileIndex++;
        inTile = 0;
      }
    }
    return above;
  }

  /** The root of the tree of the first {@code treeSize} leaves. */
  public byte[] root(long treeSize) {
    checkSize(treeSize, "treeSize");
    Rfc6962 hasher = new Rfc6962();
    return treeSize == 0 ? hasher.emptyRoot() : rangeHash(hasher, 0, treeSize);
  }

  /** The hash of leaf {@code index}. */
  public byte[] leafHash(long index) {
    checkIndex(index, size);
    return nodeHash(new Rfc6962(), 0, index);
  }

  /** A proof that leaf {@code leafIndex} is in the tree of {@code treeSize} leaves (RFC 9162 PATH). */
  public InclusionProof inclusionProof(long leafIndex, long treeSize) {
    checkSize(treeSize, "treeSize");
    checkIndex(leafIndex, treeSize);
    Rfc6962 hasher = new Rfc6962();
    // Walks down from the root; the RFC's recursion emits the sibling of each step after the deeper
    // ones, so the path is collected top-down and reversed.
    List<byte[]> path = new ArrayList<>();
    long start = 0;
    long n = treeSize;
    long m = leafIndex;
    while (n > 1) {
      long k = Long.highestOneBit(n - 1);
      if (m < k) {
        path.add(rangeHash(hasher, start + k, n - k));
        n = k;
      } else {
        path.add(rangeHash(hasher, start, k));
        start += k;
        m -= k;
        n -= k;
      }
    }
    Collections.reverse(path);
    return new InclusionProof(leafIndex, treeSize, rangeHash(hasher, 0, treeSize), nodeHash(hasher, 0, leafIndex), path);
  }

  /** A proof that the tree of {@code size2} leaves extends the tree of {@code size1} (RFC 9162 PROOF/SUBPROOF). */
  public ConsistencyProof consistencyProof(long size1, long size2) {
    checkSize(size2, "size2");
    if (size1 < 0 || size1 > size2) {
      throw invalid("size1 must be between 0 and size2 " + size2 + " (was " + size1 + ")");
    }
    Rfc6962 hasher = new Rfc6962();
    List<byte[]> path = new ArrayList<>();
    if (size1 > 0 && size1 < size2) {
      long start = 0;
      long m = size1;
      long n = size2;
      boolean wholeOldTree = true; // SUBPROOF's b: the old root is the verifier's own, so it is left out
      while (m != n) {
        long k = Long.highestOneBit(n - 1);
        if (m <= k) {
          path.add(rangeHash(hasher, start + k, n - k));
          n = k;
        } else {
          path.add(rangeHash(hasher, start, k));
          start += k;
          m -= k;
          n -= k;
          wholeOldTree = false;
        }
      }
      if (!wholeOldTree) {
        path.add(rangeHash(hasher, start, m));
      }
      Collections.reverse(path);
    }
    byte[] root1 = size1 == 0 ? hasher.emptyRoot() : rangeHash(hasher, 0, size1);
    byte[] root2 = size2 == 0 ? hasher.emptyRoot() : rangeHash(hasher, 0, size2);
    return new ConsistencyProof(size1, size2, root1, root2, path);
  }

  /**
   * MTH of leaves {@code [start, start + count)}, where {@code start} is a multiple of the largest
   * power of two not above {@code count} (true of every range the RFC's recursions visit): the range
   * splits into complete subtrees, largest first, folded from the right.
   */
  private byte[] rangeHash(Rfc6962 hasher, long start, long count) {
    List<byte[]> parts = new ArrayList<>(Long.bitCount(count));
    long offset = start;
    for (int height = 63 - Long.numberOfLeadingZeros(count); height >= 0; height--) {
      if ((count & (1L << height)) != 0) {
        parts.add(nodeHash(hasher, height, offset >>> height));
        offset += 1L << height;
      }
    }
    byte[] acc = parts.get(parts.size() - 1);
    for (int i = parts.size() - 2; i >= 0; i--) {
      acc = hasher.nodeHash(parts.get(i), acc);
    }
    return acc;
  }

  /** The hash of the complete subtree of height {@code height} numbered {@code index} at that height. */
  private byte[] nodeHash(Rfc6962 hasher, int height, long index) {
    int level = height / TILE_HEIGHT;
    int below = height % TILE_HEIGHT; // heights above the tile's stored row
    long firstStored = index << below;
    long tileIndex = firstStored >>> TILE_HEIGHT;
    int offset = (int) (firstStored & (TILE_WIDTH - 1));
    int width = 1 << below;
    byte[] tile = readTile(level, tileIndex, offset + width);
    return subtreeHash(hasher, tile, offset, width);
  }

  /** Root of the complete tree over {@code width} (a power of two) hashes stored from {@code offset}. */
  private static byte[] subtreeHash(Rfc6962 hasher, byte[] hashes, int offset, int width) {
    if (width == 1) {
      return Arrays.copyOfRange(hashes, offset * H, (offset + 1) * H);
    }
    byte[] row = new byte[width / 2 * H];
    for (int j = 0; j < width / 2; j++) {
      System.arraycopy(hasher.nodeHash(hashes, (offset + 2 * j) * H, (offset + 2 * j + 1) * H), 0, row, j * H, H);
    }
    for (int w = width / 2; w > 1; w /= 2) {
      for (int j = 0; j < w / 2; j++) {
        System.arraycopy(hasher.nodeHash(row, 2 * j * H, (2 * j + 1) * H), 0, row, j * H, H);
      }
    }
    return Arrays.copyOf(row, H);
  }

  private byte[] readTile(int level, long index, int minWidth) {
    byte[] tile = store.tile(level, index).orElseThrow(() -> new EvidenceException(ErrorCode.INTEGRITY_FAILURE,
        "tile " + level + "/" + index + " of the custody log is missing"));
    if (tile.length % H != 0 || tile.length / H < minWidth || tile.length / H > TILE_WIDTH) {
      throw new EvidenceException(ErrorCode.INTEGRITY_FAILURE, "tile " + level + "/" + index + " of the custody log holds "
          + tile.length + " bytes; at least " + minWidth + " hashes of " + H + " bytes were expected");
    }
    return tile;
  }

  private void checkSize(long treeSize, String what) {
    long current = size;
    if (treeSize < 0 || treeSize > current) {
      throw invalid(what + " must be between 0 and the log's size " + current + " (was " + treeSize + ")");
    }
  }

  private static void checkIndex(long index, long treeSize) {
    if (index < 0 || index >= treeSize) {
      throw invalid("leaf index must be below the tree size " + treeSize + " (was " + index + ")");
    }
  }

  private static void requireHashes(List<byte[]> leafHashes) {
    Objects.requireNonNull(leafHashes, "leafHashes");
    for (int i = 0; i < leafHashes.size(); i++) {
      byte[] hash = leafHashes.get(i);
      // The element's name only when it is wrong: logs append and audits rebuild millions of leaves.
      if (hash == null || hash.length != H) {
        throw invalid("leafHashes[" + i + "] must be " + H + " bytes (was " + (hash == null ? "null" : hash.length) + ")");
      }
    }
  }

  private static EvidenceException invalid(String message) {
    return new EvidenceException(ErrorCode.INVALID_INPUT, message);
  }
}
