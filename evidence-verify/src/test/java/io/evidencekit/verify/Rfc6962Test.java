package io.evidencekit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RFC 6962 hashing")
class Rfc6962Test {
  private final Rfc6962 hasher = new Rfc6962();

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  @Test
  @DisplayName("the empty tree's root is SHA-256 of nothing")
  void emptyRoot() {
    assertThat(hex(hasher.emptyRoot())).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  @DisplayName("known bytes give known leaf and node hashes, prefixed 0x00 and 0x01")
  void knownBytesKnownHashes() {
    assertThat(hex(hasher.leafHash(new byte[0])))
        .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    // SHA-256(0x00 || "L123456") and SHA-256(0x01 || "N123" || "N456"), as in transparency-dev/merkle's hasher tests.
    assertThat(hex(hasher.leafHash("L123456".getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo("395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56");
    assertThat(hex(hasher.nodeHash("N123".getBytes(StandardCharsets.US_ASCII), "N456".getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo("aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb");
  }

  @Test
  @DisplayName("the reference tree has the published root at every size from 1 to 8")
  void referenceRoots() {
    for (int size = 1; size <= 8; size++) {
      assertThat(hex(NaiveMerkle.root(ReferenceTree.leafHashes().subList(0, size)))).as("size " + size).isEqualTo(ReferenceTree.ROOTS.get(size - 1));
    }
  }
}
