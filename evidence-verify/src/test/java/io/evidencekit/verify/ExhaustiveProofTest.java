package io.evidencekit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every tree size from 1 to 130, every leaf, every pair of sizes, with proofs made by the RFC's own
 * definitions ({@link NaiveMerkle}; evidence-core checks that its tiled log makes the same ones). A single flipped bit must always be caught: for inclusion proofs
 * every bit of every hash is flipped; for consistency proofs (8,515 pairs) one bit of every byte,
 * the bit moving with the byte and the hash, so that every byte and every bit position is exercised.
 */
@DisplayName("Proofs for every tree size up to 130")
class ExhaustiveProofTest {
  private static final int MAX = 130;
  private static final List<byte[]> LEAVES = new ArrayList<>();

  @BeforeAll
  static void build() {
    Rfc6962 hasher = new Rfc6962();
    for (int i = 0; i < MAX; i++) {
      LEAVES.add(hasher.leafHash(new byte[] {(byte) i, (byte) (i >> 8)}));
    }
  }

  @Test
  @DisplayName("every inclusion proof verifies and any flipped bit of proof, root or leaf hash makes it fail")
  void inclusion() {
    for (int size = 1; size <= MAX; size++) {
      byte[] root = NaiveMerkle.root(LEAVES.subList(0, size));
      for (int leaf = 0; leaf < size; leaf++) {
        InclusionProof p = NaiveMerkle.inclusionProof(LEAVES, leaf, size);
        assertThat(p.root()).isEqualTo(root);
        assertThat(p.leafHash()).isEqualTo(LEAVES.get(leaf));
        long index = leaf;
        long treeSize = size;
        assertThat(p.verify().valid()).as("leaf %d of %d", leaf, size).isTrue();
        assertEveryFlipFails(p.leafHash(), p.proof(), p.root(), 8, (h, proof, r) ->
            ProofVerifier.verifyInclusion(index, treeSize, h, proof, r).valid(), "leaf " + leaf + " of " + size);
      }
    }
  }

  @Test
  @DisplayName("an inclusion proof fails for any other leaf index (the tree size is bound by the root, not the path)")
  void inclusionIsBoundToItsPosition() {
    for (int size = 1; size <= MAX; size++) {
      for (int leaf = 0; leaf < size; leaf++) {
        InclusionProof p = NaiveMerkle.inclusionProof(LEAVES, leaf, size);
        for (int other = 0; other <= size; other++) {
          if (other != leaf) {
            assertThat(ProofVerifier.verifyInclusion(other, size, p.leafHash(), p.proof(), p.root()).valid())
                .as("leaf %d of %d claimed as %d", leaf, size, other).isFalse();
          }
        }
      }
    }
  }

  @Test
  @DisplayName("every consistency proof verifies and a flipped bit in any byte of proof or roots makes it fail")
  void consistency() {
    for (int size2 = 1; size2 <= MAX; size2++) {
      for (int size1 = 0; size1 <= size2; size1++) {
        ConsistencyProof p = NaiveMerkle.consistencyProof(LEAVES, size1, size2);
        long s1 = size1;
        long s2 = size2;
        assertThat(p.verify().valid()).as("%d -> %d: %s", size1, size2, p.verify().reason()).isTrue();
        if (size1 == 0) {
          continue; // an empty old tree has nothing to prove; its root is fixed and checked below
        }
        assertEveryFlipFails(p.root1(), p.proof(), p.root2(), 1, (r1, proof, r2) ->
            ProofVerifier.verifyConsistency(s1, s2, proof, r1, r2).valid(), size1 + " -> " + size2);
      }
    }
  }

  @Test
  @DisplayName("the empty tree is consistent with every tree only under its own root")
  void fromEmpty() {
    ConsistencyProof p = NaiveMerkle.consistencyProof(LEAVES, 0, MAX);
    byte[] wrong = p.root1();
    wrong[0] ^= 1;
    assertThat(ProofVerifier.verifyConsistency(0, MAX, p.proof(), wrong, p.root2()).valid()).isFalse();
  }

  private interface Check {
    boolean valid(byte[] first, List<byte[]> proof, byte[] last);
  }

  /** Flips bits of each hash in turn: all 8 bits of a byte when {@code bitsPerByte} is 8, else one. */
  private static void assertEveryFlipFails(byte[] first, List<byte[]> proof, byte[] last, int bitsPerByte, Check check, String what) {
    List<byte[]> hashes = new ArrayList<>();
    hashes.add(first);
    hashes.addAll(proof);
    hashes.add(last);
    for (int h = 0; h < hashes.size(); h++) {
      byte[] target = hashes.get(h);
      for (int b = 0; b < target.length; b++) {
        for (int k = 0; k < bitsPerByte; k++) {
          int bit = bitsPerByte == 8 ? k : (b + h) % 8;
          target[b] ^= (byte) (1 << bit);
          boolean valid = check.valid(hashes.get(0), hashes.subList(1, hashes.size() - 1), hashes.get(hashes.size() - 1));
          target[b] ^= (byte) (1 << bit);
          if (valid) {
            throw new AssertionError(what + ": flipping bit " + bit + " of byte " + b + " of hash " + h + " went unnoticed");
          }
        }
      }
    }
    assertThat(check.valid(first, proof, last)).as(what + " after flipping back").isTrue();
  }
}
