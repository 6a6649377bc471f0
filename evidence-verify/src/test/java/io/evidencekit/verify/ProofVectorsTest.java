package io.evidencekit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("The RFC 6962 test vectors of transparency-dev/merkle")
class ProofVectorsTest {
  static Stream<Path> inclusionVectors() {
    return Vectors.files("inclusion");
  }

  static Stream<Path> consistencyVectors() {
    return Vectors.files("consistency");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inclusionVectors")
  @DisplayName("every inclusion vector is accepted if valid and rejected if it wants an error")
  void inclusion(Path file) throws Exception {
    check(file, () -> ProofJson.readInclusion(Vectors.read(file)).verify());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consistencyVectors")
  @DisplayName("every consistency vector is accepted if valid and rejected if it wants an error")
  void consistency(Path file) throws Exception {
    check(file, () -> ProofJson.readConsistency(Vectors.read(file)).verify());
  }

  private static void check(Path file, Supplier<Verification> verify) throws Exception {
    boolean wantErr = (Boolean) ((Map<?, ?>) StrictJson.parse(Vectors.read(file))).get("wantErr");
    Verification outcome;
    try {
      outcome = verify.get();
    } catch (EvidenceException e) {
      assertThat(e.code()).as("only malformed input may throw").isEqualTo(ErrorCode.INVALID_INPUT);
      assertThat(wantErr).as(file + " was refused as malformed: " + e.getMessage()).isTrue();
      return;
    }
    assertThat(outcome.valid()).as(file + ": " + outcome.reason()).isEqualTo(!wantErr);
  }

  @Test
  @DisplayName("the vector files are all there: 94 less the README and LICENSE")
  void allPresent() {
    assertThat(inclusionVectors().count() + consistencyVectors().count()).isEqualTo(92);
  }

  /**
   * The vectors are proofs in the reference tree of RFC 6962's test data: the RFC's own definitions, from
   * which the other tests here take their proofs, must produce them byte for byte.
   */
  @Test
  @DisplayName("the RFC's definitions produce exactly the happy-path proofs of the vectors")
  void definitionsProduceTheVectorProofs() {
    java.util.List<byte[]> leaves = ReferenceTree.leafHashes();
    for (Path file : inclusionVectors().filter(p -> p.endsWith("happy-path.json")).toList()) {
      InclusionProof expected = ProofJson.readInclusion(Vectors.read(file));
      assertThat(NaiveMerkle.inclusionProof(leaves, (int) expected.leafIndex(), (int) expected.treeSize()))
          .as(file.toString()).isEqualTo(expected);
    }
    for (Path file : consistencyVectors().filter(p -> p.endsWith("happy-path.json")).toList()) {
      ConsistencyProof expected = ProofJson.readConsistency(Vectors.read(file));
      assertThat(NaiveMerkle.consistencyProof(leaves, (int) expected.size1(), (int) expected.size2()))
          .as(file.toString()).isEqualTo(expected);
    }
  }

}
