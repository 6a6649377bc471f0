package io.evidencekit.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Proofs as JSON in the form of the RFC 6962 test vectors of transparency-dev/merkle, which is also
 * the form the library hands out:
 *
 * <pre>
 * inclusion:   {"leafIdx": 0, "treeSize": 8, "root": "&lt;b64&gt;", "leafHash": "&lt;b64&gt;", "proof": ["&lt;b64&gt;", ...]}
 * consistency: {"size1": 1, "size2": 8, "root1": "&lt;b64&gt;", "root2": "&lt;b64&gt;", "proof": ["&lt;b64&gt;", ...]}
 * </pre>
 *
 * Reading is strict, so that malformed input ({@code INVALID_INPUT}) is never confused with a proof
 * that does not verify: every listed field is required; numbers are JSON integers from 0 to 2^63-1;
 * hashes are canonical padded base64 of exactly 32 bytes; duplicate keys and trailing content are
 * refused. {@code "proof": null} means an empty proof (Go writes an empty list that way). Other
 * fields (the vectors' {@code desc} and {@code wantErr}) are ignored. Read and written without a JSON
 * library; written as Jackson's default pretty printer writes it, as it always was.
 * Thread-safe: no state.
 */
public final class ProofJson {
  private ProofJson() {}

  /** Reads an inclusion proof; {@code INVALID_INPUT} if it is not exactly the form above. */
  public static InclusionProof readInclusion(String json) {
    Map<String, Object> node = parse(json);
    return new InclusionProof(
        number(node, "leafIdx"), number(node, "treeSize"), hash(node, "root"), hash(node, "leafHash"), proof(node));
  }

  /** Reads a consistency proof; {@code INVALID_INPUT} if it is not exactly the form above. */
  public static ConsistencyProof readConsistency(String json) {
    Map<String, Object> node = parse(json);
    return new ConsistencyProof(
        number(node, "size1"), number(node, "size2"), hash(node, "root1"), hash(node, "root2"), proof(node));
  }

  public static String write(InclusionProof proof) {
    return new StringBuilder(512)
        .append("{\n")
        .append("  \"leafIdx\" : ").append(proof.leafIndex()).append(",\n")
        .append("  \"treeSize\" : ").append(proof.treeSize()).append(",\n")
        .append("  \"root\" : \"").append(StrictBase64.encode(proof.root())).append("\",\n")
        .append("  \"leafHash\" : \"").append(StrictBase64.encode(proof.leafHash())).append("\",\n")
        .append("  \"proof\" : ").append(hashes(proof.proof())).append('\n')
        .append("}\n")
        .toString();
  }

  public static String write(ConsistencyProof proof) {
    return new StringBuilder(512)
        .append("{\n")
        .append("  \"size1\" : ").append(proof.size1()).append(",\n")
        .append("  \"size2\" : ").append(proof.size2()).append(",\n")
        .append("  \"root1\" : \"").append(StrictBase64.encode(proof.root1())).append("\",\n")
        .append("  \"root2\" : \"").append(StrictBase64.encode(proof.root2())).append("\",\n")
        .append("  \"proof\" : ").append(hashes(proof.proof())).append('\n')
        .append("}\n")
        .toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String json) {
    Object node = StrictJson.parse(json);
    if (!(node instanceof Map)) {
      throw Hashes.invalid("the proof must be a JSON object");
    }
    return (Map<String, Object>) node;
  }

  private static Object field(Map<String, Object> node, String name) {
    Object value = node.get(name);
    if (value == null) {
      throw Hashes.invalid("the proof has no \"" + name + "\"");
    }
    return value;
  }

  private static long number(Map<String, Object> node, String name) {
    Object value = field(node, name);
    long n = -1;
    if (value instanceof StrictJson.Number number && number.integral()) {
      try {
        n = Long.parseLong(number.text());
      } catch (NumberFormatException e) {
        n = -1; // beyond 2^63-1 (or below its negative): refused below
      }
    }
    if (n < 0) {
      throw Hashes.invalid("\"" + name + "\" must be an integer from 0 to " + Long.MAX_VALUE);
    }
    return n;
  }

  private static byte[] hash(Map<String, Object> node, String name) {
    return decodeHash(field(node, name), "\"" + name + "\"");
  }

  private static byte[] decodeHash(Object value, String what) {
    if (!(value instanceof String text)) {
      throw Hashes.invalid(what + " must be a base64 string");
    }
    byte[] bytes = StrictBase64.decode(text)
        .orElseThrow(() -> Hashes.invalid(what + " is not canonical padded base64"));
    if (bytes.length != Rfc6962.HASH_SIZE) {
      throw Hashes.invalid(what + " must be a " + Rfc6962.HASH_SIZE + "-byte hash (was " + bytes.length + " bytes)");
    }
    return bytes;
  }

  private static List<byte[]> proof(Map<String, Object> node) {
    Object value = field(node, "proof");
    if (value == StrictJson.NULL) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw Hashes.invalid("\"proof\" must be a list of base64 hashes");
    }
    List<byte[]> hashes = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      hashes.add(decodeHash(list.get(i), "\"proof\"[" + i + "]"));
    }
    return hashes;
  }

  /** A list of hashes as Jackson's default pretty printer writes an array: {@code [ "a", "b" ]}, empty {@code [ ]}. */
  private static String hashes(List<byte[]> hashes) {
    StringBuilder out = new StringBuilder("[ ");
    for (int i = 0; i < hashes.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append('"').append(StrictBase64.encode(hashes.get(i))).append('"');
    }
    return out.append(hashes.isEmpty() ? "]" : " ]").toString();
  }
}
