package io.evidencekit.core.custody.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.verify.ConsistencyProof;
import io.evidencekit.verify.Rfc6962;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Larger logs built in random batches. Each run adds a fresh seed; a failure names its seed to replay. */
@DisplayName("A tiled log built in random batches")
class RandomLogTest {

  static LongStream seeds() {
    long fresh = System.nanoTime();
    return LongStream.of(1, 42, 20240601, fresh);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  @DisplayName("matches the recursive definition at random sizes, and its proofs verify, across tile levels")
  void randomBatches(long seed) {
    System.out.println("RandomLogTest seed " + seed);
    SplittableRandom random = new SplittableRandom(seed);
    Rfc6962 hasher = new Rfc6962();
    List<byte[]> leaves = new ArrayList<>();
    MerkleLog log = MerkleLog.open(new InMemoryTileStore(), 0);
    int target = 66_000 + random.nextInt(4_000); // past 65,536: three tile levels
    while (leaves.size() < target) {
      List<byte[]> batch = new ArrayList<>();
      int n = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : random.nextInt(1, 1_500);
      for (int i = 0; i < n; i++) {
        batch.add(hasher.leafHash(Long.toString(random.nextLong()).getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
      }
      assertThat(log.append(batch)).isEqualTo(leaves.size());
      leaves.addAll(batch);
    }
    for (int round = 0; round < 25; round++) {
      long size2 = round == 0 ? leaves.size() : random.nextLong(1, leaves.size() + 1);
      long size1 = random.nextLong(0, size2 + 1);
      String where = "seed " + seed + ", sizes " + size1 + " and " + size2;
      assertThat(log.root(size2)).as(where).isEqualTo(NaiveMerkle.root(leaves.subList(0, (int) size2)));
      long leaf = random.nextLong(size2);
      assertThat(log.inclusionProof(leaf, size2).verify().valid()).as(where + ", leaf " + leaf).isTrue();
      ConsistencyProof c = log.consistencyProof(size1, size2);
      assertThat(c.verify().valid()).as(where + ": " + c.verify().reason()).isTrue();
      assertThat(c.root1()).as(where).isEqualTo(log.root(size1));
    }
  }

  @Test
  @DisplayName("the same leaves give the same tiles whether appended one by one or all at once")
  void batchingDoesNotMatter() {
    Rfc6962 hasher = new Rfc6962();
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < 700; i++) {
      leaves.add(hasher.leafHash(new byte[] {(byte) i, (byte) (i >> 8)}));
    }
    InMemoryTileStore oneByOne = new InMemoryTileStore();
    MerkleLog a = MerkleLog.open(oneByOne, 0);
    leaves.forEach(l -> a.append(List.of(l)));
    InMemoryTileStore atOnce = new InMemoryTileStore();
    MerkleLog b = MerkleLog.open(atOnce, 0);
    b.append(leaves);
    assertThat(oneByOne.tileCount()).isEqualTo(atOnce.tileCount()).isEqualTo(4); // 3 at level 0, 1 at level 1
    for (int level = 0; level <= 1; level++) {
      for (long index = 0; index < 3; index++) {
        assertThat(oneByOne.tile(level, index).orElse(new byte[0])).isEqualTo(atOnce.tile(level, index).orElse(new byte[0]));
      }
    }
    assertThat(atOnce.tile(0, 2).orElseThrow()).hasSize((700 - 512) * 32);
    assertThat(atOnce.tile(1, 0).orElseThrow()).hasSize(2 * 32);
  }

  @Test
  @DisplayName("a log reopened on its store at its size carries on where it stopped")
  void reopen() {
    Rfc6962 hasher = new Rfc6962();
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      leaves.add(hasher.leafHash(new byte[] {(byte) i, (byte) (i >> 8), 7}));
    }
    InMemoryTileStore store = new InMemoryTileStore();
    MerkleLog.open(store, 0).append(leaves.subList(0, 300));
    MerkleLog reopened = MerkleLog.open(store, 300);
    reopened.append(leaves.subList(300, 600));
    assertThat(reopened.root(600)).isEqualTo(NaiveMerkle.root(leaves));
    assertThat(reopened.leafHash(299)).isEqualTo(leaves.get(299));
  }

  @Test
  @DisplayName("a missing or short tile is reported as an integrity failure, not answered wrongly")
  void damagedStore() {
    InMemoryTileStore store = new InMemoryTileStore();
    MerkleLog.open(store, 0).append(List.of(new byte[32], new byte[32], new byte[32]));
    MerkleLog tooLong = MerkleLog.open(store, 5);
    assertThatThrownBy(() -> tooLong.root(5))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INTEGRITY_FAILURE);
    TileStore empty = new TileStore() {
      @Override
      public Optional<byte[]> tile(int level, long index) {
        return Optional.empty();
      }

      @Override
      public void put(int level, long index, byte[] hashes) {}
    };
    assertThatThrownBy(() -> MerkleLog.open(empty, 1).inclusionProof(0, 1))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INTEGRITY_FAILURE);
  }

  @Test
  @DisplayName("sizes and indexes outside the log are refused as invalid input")
  void outOfRange() {
    MerkleLog log = ReferenceTree.log();
    assertThatThrownBy(() -> log.root(9)).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
    assertThatThrownBy(() -> log.inclusionProof(8, 8)).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
    assertThatThrownBy(() -> log.inclusionProof(-1, 8)).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
    assertThatThrownBy(() -> log.consistencyProof(5, 4)).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
    assertThatThrownBy(() -> log.append(List.of(new byte[31]))).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
    assertThat(log.size()).isEqualTo(8);
  }

  @Test
  @DisplayName("a proof among a million leaves takes well under a millisecond")
  void millionLeaves() {
    // Not a benchmark (timings are never asserted): a guard against proofs that walk the leaves. A proof
    // among a million leaves may read a few tiles per level (5 levels of 8), never thousands.
    Rfc6962 hasher = new Rfc6962();
    AtomicLong tileReads = new AtomicLong();
    InMemoryTileStore tiles = new InMemoryTileStore();
    TileStore counting = new TileStore() {
      @Override
      public Optional<byte[]> tile(int level, long index) {
        tileReads.incrementAndGet();
        return tiles.tile(level, index);
      }

      @Override
      public void put(int level, long index, byte[] hashes) {
        tiles.put(level, index, hashes);
      }
    };
    MerkleLog log = MerkleLog.open(counting, 0);
    List<byte[]> batch = new ArrayList<>(10_000);
    for (int i = 0; i < 1_000_000; i++) {
      batch.add(hasher.leafHash(new byte[] {(byte) i, (byte) (i >> 8), (byte) (i >> 16)}));
      if (batch.size() == 10_000) {
        log.append(batch);
        batch.clear();
      }
    }
    SplittableRandom random = new SplittableRandom(7);
    long most = 0;
    for (int i = 0; i < 2_000; i++) {
      long leaf = random.nextLong(1_000_000);
      long before = tileReads.get();
      log.inclusionProof(leaf, random.nextLong(leaf + 1, 1_000_001));
      most = Math.max(most, tileReads.get() - before);
    }
    System.out.printf("inclusion proof among 1,000,000 leaves: at most %d tile reads%n", most);
    assertThat(most).isLessThanOrEqualTo(64);
  }

}
