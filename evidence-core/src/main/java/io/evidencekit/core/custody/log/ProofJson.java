package io.evidencekit.core.custody.log;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evidencekit.api.EvidenceException;
import java.util.ArrayList;
import java.util.List;

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
 * fields (the vectors' {@code desc} and {@code wantErr}) are ignored. Thread-safe.
 */
public final class ProofJson {
  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final ObjectReader READER = MAPPER.readerFor(JsonNode.class);
  private static final ObjectWriter WRITER = MAPPER.writerWithDefaultPrettyPrinter();

  private ProofJson() {}

  public static InclusionProof readInclusion(String json) {
    JsonNode node = parse(json);
    return new InclusionProof(
        number(node, "leafIdx"), number(node, "treeSize"), hash(node, "root"), hash(node, "leafHash"), proof(node));
  }

  public static ConsistencyProof readConsistency(String json) {
    JsonNode node = parse(json);
    return new ConsistencyProof(
        number(node, "size1"), number(node, "size2"), hash(node, "root1"), hash(node, "root2"), proof(node));
  }

  public static String write(InclusionProof proof) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("leafIdx", proof.leafIndex());
    node.put("treeSize", proof.treeSize());
    node.put("root", StrictBase64.encode(proof.root()));
    node.put("leafHash", StrictBase64.encode(proof.leafHash()));
    node.set("proof", hashes(proof.proof()));
    return text(node);
  }

  public static String write(ConsistencyProof proof) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("size1", proof.size1());
    node.put("size2", proof.size2());
    node.put("root1", StrictBase64.encode(proof.root1()));
    node.put("root2", StrictBase64.encode(proof.root2()));
    node.set("proof", hashes(proof.proof()));
    return text(node);
  }

  private static JsonNode parse(String json) {
    JsonNode node;
    try {
      node = READER.readTree(json);
    } catch (JacksonException e) {
      // Jackson's message quotes the input; the location alone is enough and leaks nothing.
      throw Hashes.invalid("the proof is not valid JSON"
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
    }
    if (node == null || !node.isObject()) {
      throw Hashes.invalid("the proof must be a JSON object");
    }
    return node;
  }

  private static JsonNode field(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null) {
      throw Hashes.invalid("the proof has no \"" + name + "\"");
    }
    return value;
  }

  private static long number(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
      throw Hashes.invalid("\"" + name + "\" must be an integer from 0 to " + Long.MAX_VALUE);
    }
    return value.longValue();
  }

  private static byte[] hash(JsonNode node, String name) {
    return decodeHash(field(node, name), "\"" + name + "\"");
  }

  private static byte[] decodeHash(JsonNode value, String what) {
    if (!value.isTextual()) {
      throw Hashes.invalid(what + " must be a base64 string");
    }
    byte[] bytes = StrictBase64.decode(value.textValue())
        .orElseThrow(() -> Hashes.invalid(what + " is not canonical padded base64"));
    if (bytes.length != Rfc6962.HASH_SIZE) {
      throw Hashes.invalid(what + " must be a " + Rfc6962.HASH_SIZE + "-byte hash (was " + bytes.length + " bytes)");
    }
    return bytes;
  }

  private static List<byte[]> proof(JsonNode node) {
    JsonNode value = field(node, "proof");
    if (value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw Hashes.invalid("\"proof\" must be a list of base64 hashes");
    }
    List<byte[]> hashes = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) {
      hashes.add(decodeHash(value.get(i), "\"proof\"[" + i + "]"));
    }
    return hashes;
  }

  private static ArrayNode hashes(List<byte[]> hashes) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    hashes.forEach(h -> array.add(StrictBase64.encode(h)));
    return array;
  }

  private static String text(ObjectNode node) {
    try {
      return WRITER.writeValueAsString(node) + "\n";
    } catch (JacksonException e) {
      throw new EvidenceException(io.evidencekit.api.ErrorCode.INTERNAL, "could not write a proof as JSON", e);
    }
  }
}
