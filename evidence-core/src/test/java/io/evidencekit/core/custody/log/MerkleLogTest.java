package io.evidencekit.core.custody.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.verify.ConsistencyProof;
import io.evidencekit.verify.InclusionProof;
import io.evidencekit.verify.ProofJson;
import io.evidencekit.verify.ProofVerifier;
import io.evidencekit.verify.Rfc6962;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The tiled log against the RFC's definitions at every tree size up to 130 and on the RFC 6962 reference
 * tree. That its proofs are right is shown here by the verifier, whose own exhaustive tests (every bit of
 * every proof flipped) are in evidence-verify.
 */
@DisplayName("The tiled Merkle log at every tree size up to 130")
class MerkleLogTest {
  private static final int MAX = 130;
  /** ../shared/vectors beside the repository; the module's working directory is {@code <repo>/evidence-core}. */
  private static final Path VECTORS = Path.of("..", "..", "shared", "vectors", "rfc6962");
  private static final List<byte[]> LEAVES = new ArrayList<>();
  private static MerkleLog log;

  @BeforeAll
  static void build() {
    Rfc6962 hasher = new Rfc6962();
    log = MerkleLog.open(new InMemoryTileStore(), 0);
    for (int i = 0; i < MAX; i++) {
      byte[] leaf = hasher.leafHash(new byte[] {(byte) i, (byte) (i >> 8)});
      LEAVES.add(leaf);
      log.append(List.of(leaf)); // one at a time: every partial tile width is written once
    }
  }

  @Test
  @DisplayName("the tiles give the same root as the recursive definition at every size")
  void rootsMatchTheDefinition() {
    for (int size = 0; size <= MAX; size++) {
      assertThat(log.root(size)).as("size " + size).isEqualTo(NaiveMerkle.root(LEAVES.subList(0, size)));
    }
  }

  @Test
  @DisplayName("every inclusion proof names the right leaf and root and verifies")
  void inclusion() {
    for (int size = 1; size <= MAX; size++) {
      byte[] root = NaiveMerkle.root(LEAVES.subList(0, size));
      for (int leaf = 0; leaf < size; leaf++) {
        InclusionProof p = log.inclusionProof(leaf, size);
        assertThat(p.root()).isEqualTo(root);
        assertThat(p.leafHash()).isEqualTo(LEAVES.get(leaf));
        assertThat(ProofVerifier.verifyInclusion(leaf, size, LEAVES.get(leaf), p.proof(), root).valid())
            .as("leaf %d of %d", leaf, size).isTrue();
      }
    }
  }

  @Test
  @DisplayName("every consistency proof names the right roots and verifies")
  void consistency() {
    for (int size2 = 1; size2 <= MAX; size2++) {
      for (int size1 = 0; size1 <= size2; size1++) {
        ConsistencyProof p = log.consistencyProof(size1, size2);
        assertThat(p.root1()).isEqualTo(NaiveMerkle.root(LEAVES.subList(0, size1)));
        assertThat(p.root2()).isEqualTo(NaiveMerkle.root(LEAVES.subList(0, size2)));
        assertThat(p.verify().valid()).as("%d -> %d: %s", size1, size2, p.verify().reason()).isTrue();
      }
    }
  }

  @Test
  @DisplayName("the reference tree has the published root at every size from 1 to 8")
  void referenceRoots() {
    MerkleLog reference = ReferenceTree.log();
    for (int size = 1; size <= 8; size++) {
      assertThat(HexFormat.of().formatHex(reference.root(size))).as("size " + size).isEqualTo(ReferenceTree.ROOTS.get(size - 1));
    }
  }

  /** The vectors are proofs in the reference tree of RFC 6962's test data; our log must produce them byte for byte. */
  @Test
  @DisplayName("the log produces exactly the happy-path proofs of the transparency-dev/merkle vectors")
  void producesTheVectorProofs() throws IOException {
    MerkleLog reference = ReferenceTree.log();
    for (Path file : happyPaths("inclusion")) {
      InclusionProof expected = ProofJson.readInclusion(Files.readString(file));
      assertThat(reference.inclusionProof(expected.leafIndex(), expected.treeSize())).as(file.toString()).isEqualTo(expected);
    }
    for (Path file : happyPaths("consistency")) {
      ConsistencyProof expected = ProofJson.readConsistency(Files.readString(file));
      assertThat(reference.consistencyProof(expected.size1(), expected.size2())).as(file.toString()).isEqualTo(expected);
    }
  }

  private static List<Path> happyPaths(String kind) throws IOException {
    try (Stream<Path> files = Files.walk(VECTORS.resolve(kind))) {
      List<Path> found = files.filter(p -> p.endsWith("happy-path.json")).sorted().toList();
      assertThat(found).as("vectors under " + VECTORS.toAbsolutePath().normalize()).isNotEmpty();
      return found;
    }
  }
}
