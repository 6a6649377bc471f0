package io.evidencekit.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Proof JSON")
class ProofJsonTest {
  private static final String H = "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=";

  @Test
  @DisplayName("a proof written out reads back equal and verifies")
  void roundTrip() {
    InclusionProof inclusion = NaiveMerkle.inclusionProof(ReferenceTree.leafHashes(), 5, 7);
    assertThat(ProofJson.readInclusion(ProofJson.write(inclusion))).isEqualTo(inclusion);
    ConsistencyProof consistency = NaiveMerkle.consistencyProof(ReferenceTree.leafHashes(), 3, 7);
    assertThat(ProofJson.readConsistency(ProofJson.write(consistency))).isEqualTo(consistency);
    assertThat(ProofJson.write(inclusion)).contains("\"leafIdx\"", "\"treeSize\"", "\"root\"", "\"leafHash\"", "\"proof\"");
    assertThat(ProofJson.readInclusion(ProofJson.write(inclusion)).verify().valid()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "[]",
      "not json",
      "{\"treeSize\": 1, \"root\": \"" + H + "\", \"leafHash\": \"" + H + "\", \"proof\": []}",
      "{\"leafIdx\": \"0\", \"treeSize\": 1, \"root\": \"" + H + "\", \"leafHash\": \"" + H + "\", \"proof\": []}",
      "{\"leafIdx\": 0.0, \"treeSize\": 1, \"root\": \"" + H + "\", \"leafHash\": \"" + H + "\", \"proof\": []}",
      "{\"leafIdx\": -1, \"treeSize\": 1, \"root\": \"" + H + "\", \"leafHash\": \"" + H + "\", \"proof\": []}",
      "{\"leafIdx\": 18446744073709551615, \"treeSize\": 1, \"root\": \"" + H + "\", \"leafHash\": \"" + H + "\", \"proof\": []}",
      "{\"leafIdx\": 0, \"treeSize\": 1, \"root\": \"" + H + "\", \"leafHash\": \"" + H + "\"}",
      "{\"leafIdx\": 0, \"treeSize\": 1, \"root\": \"" + H + "\", \"leafHash\": \"" + H + "\", \"proof\": \"" + H + "\"}",
      "{\"leafIdx\": 0, \"treeSize\": 1, \"root\": \"" + H + "\", \"leafHash\": \"" + H + "\", \"proof\": [1]}",
      "{\"leafIdx\": 0, \"treeSize\": 1, \"root\": \"!!!\", \"leafHash\": \"" + H + "\", \"proof\": []}",
      "{\"leafIdx\": 0, \"treeSize\": 1, \"root\": \"AAAA\", \"leafHash\": \"" + H + "\", \"proof\": []}",
      "{\"leafIdx\": 0, \"treeSize\": 1, \"root\": \"bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0\", \"leafHash\": \"" + H + "\", \"proof\": []}",
      "{\"leafIdx\": 0, \"treeSize\": 1, \"root\": \"bjQLnP+zepicpUTmu3gKLHiQ HT+zNzh2hRGjBhevoB0=\", \"leafHash\": \"" + H + "\", \"proof\": []}",
      "{\"leafIdx\": 0, \"treeSize\": 1, \"root\": null, \"leafHash\": \"" + H + "\", \"proof\": []}",
      "{\"leafIdx\": 0, \"leafIdx\": 0, \"treeSize\": 1, \"root\": \"" + H + "\", \"leafHash\": \"" + H + "\", \"proof\": []}",
      "{\"leafIdx\": 0, \"treeSize\": 1, \"root\": \"" + H + "\", \"leafHash\": \"" + H + "\", \"proof\": []} {}",
      "{\"leafIdx\": 01, \"treeSize\": 1, \"root\": \"" + H + "\", \"leafHash\": \"" + H + "\", \"proof\": []}",
      "{\"leafIdx\": 1e0, \"treeSize\": 1, \"root\": \"" + H + "\", \"leafHash\": \"" + H + "\", \"proof\": []}",
      "{\"leafIdx\": 0, \"treeSize\": 1, \"root\": \"" + H + "\", \"leafHash\": \"" + H + "\", \"proof\": [],}",
      "{\"leafIdx\": 0, \"treeSize\": 1, \"root\": \"" + H + "\", \"leafHash\": \"" + H + "\", \"proof\": [\"" + H + "\",]}",
      "{\"leafIdx\": 0, /* c */ \"treeSize\": 1, \"root\": \"" + H + "\", \"leafHash\": \"" + H + "\", \"proof\": []}",
      "{\"leafIdx\": 0, \"treeSize\": 1, \"root\": \"" + H + "\", \"leafHash\": \"" + H + "\", \"proof\": [], \"desc\": \"tab\there\"}",
      "{\"leafIdx\": 0, \"treeSize\": 1, \"root\": \"" + H + "\", \"leafHash\": \"" + H + "\", \"proof\": [], \"desc\": \"\\x\"}",
      "{\"leafIdx\": 0, \"treeSize\": 1, \"root\": \"" + H + "\", \"leafHash\": \"" + H + "\", \"proof\": [], \"desc\": \"open}",
      "{\"leafIdx\": 0, \"treeSize\": 1, \"root\": \"" + H + "\", \"leafHash\": \"" + H + "\", \"proof\": [], \"x\": tru}",
  })
  @DisplayName("malformed inclusion JSON is refused as invalid input, never as a failed proof")
  void malformedInclusion(String json) {
    assertThatThrownBy(() -> ProofJson.readInclusion(json))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"size1\": 1, \"root1\": \"" + H + "\", \"root2\": \"" + H + "\", \"proof\": []}",
      "{\"size1\": 1, \"size2\": -8, \"root1\": \"" + H + "\", \"root2\": \"" + H + "\", \"proof\": []}",
      "{\"size1\": 1, \"size2\": true, \"root1\": \"" + H + "\", \"root2\": \"" + H + "\", \"proof\": []}",
      "{\"size1\": 1, \"size2\": 8, \"root1\": \"" + H + "\", \"root2\": \"" + H + "\", \"proof\": [\"\"]}",
      "{\"size1\": 1, \"size2\": 8, \"root1\": \"" + H + "\", \"root2\": 5, \"proof\": []}",
  })
  @DisplayName("malformed consistency JSON is refused as invalid input")
  void malformedConsistency(String json) {
    assertThatThrownBy(() -> ProofJson.readConsistency(json))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
  }

  @Test
  @DisplayName("the written form is the one the library always handed out (Jackson's pretty printer's), byte for byte")
  void writtenFormIsPinned() {
    byte[] h = java.util.Base64.getDecoder().decode(H);
    assertThat(ProofJson.write(new InclusionProof(5, 7, h, h, java.util.List.of(h, h)))).isEqualTo(
        "{\n  \"leafIdx\" : 5,\n  \"treeSize\" : 7,\n  \"root\" : \"" + H + "\",\n  \"leafHash\" : \"" + H + "\",\n"
            + "  \"proof\" : [ \"" + H + "\", \"" + H + "\" ]\n}\n");
    assertThat(ProofJson.write(new ConsistencyProof(0, 7, h, h, java.util.List.of()))).isEqualTo(
        "{\n  \"size1\" : 0,\n  \"size2\" : 7,\n  \"root1\" : \"" + H + "\",\n  \"root2\" : \"" + H + "\",\n"
            + "  \"proof\" : [ ]\n}\n");
  }

  @Test
  @DisplayName("escapes, white space and unknown members of any JSON type are read as JSON defines them")
  void jsonAsDefined() {
    InclusionProof p = ProofJson.readInclusion(" \r\n\t{\"leafIdx\":0,\"treeSize\":1,\"root\":\"" + H + "\",\"leaf\\u0048ash\":\""
        + H.replace("/", "\\/") + "\",\"proof\":[],\"desc\":\"\\\"\\b\\f\\n\\r\\t\\u00e9\",\"wantErr\":false,"
        + "\"n\":-1.5e+3,\"o\":{\"a\":[true,null,{}]}}\n");
    assertThat(p.leafHash()).isEqualTo(java.util.Base64.getDecoder().decode(H));
  }

  @Test
  @DisplayName("deeply nested input is refused as invalid input, not answered with a stack overflow")
  void deepNesting() {
    String json = "{\"leafIdx\": 0, \"treeSize\": 1, \"root\": \"" + H + "\", \"leafHash\": \"" + H + "\", \"proof\": [], \"x\": "
        + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    assertThatThrownBy(() -> ProofJson.readInclusion(json))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
  }

  @Test
  @DisplayName("a refusal names where the JSON went wrong, not what it held")
  void errorsSayWhereNotWhat() {
    assertThatThrownBy(() -> ProofJson.readInclusion("{\"leafIdx\": 0,\n \"secret-token-xyz\" 1}"))
        .hasMessageContaining("line 2, column 21").hasMessageNotContaining("secret-token-xyz");
  }

  @Test
  @DisplayName("a null proof list is an empty proof, and unknown fields such as desc are ignored")
  void nullProofAndExtraFields() {
    InclusionProof p = ProofJson.readInclusion(
        "{\"leafIdx\": 0, \"treeSize\": 1, \"root\": \"" + H + "\", \"leafHash\": \"" + H + "\", \"proof\": null, \"desc\": \"x\"}");
    assertThat(p.proof()).isEmpty();
    assertThat(p.verify().valid()).isTrue();
  }

  @Test
  @DisplayName("a well-formed proof that does not hold is a failed verification with a reason")
  void wellFormedButFalse() {
    Verification v = ProofJson.readInclusion(
        "{\"leafIdx\": 1, \"treeSize\": 1, \"root\": \"" + H + "\", \"leafHash\": \"" + H + "\", \"proof\": []}").verify();
    assertThat(v.valid()).isFalse();
    assertThat(v.reason()).contains("leaf index 1");
    assertThatThrownBy(v::orThrow).extracting("code").isEqualTo(ErrorCode.INTEGRITY_FAILURE);
  }
}
