package io.evidencekit.verify;

import io.evidencekit.api.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A custody event's whole body as the engine stored and hashed it (RFC 8785 JSON, one line of a
 * disclosure package's {@code custody/events.jsonl}, or a file given to {@code proof verify-inclusion
 * --event}), and the leaf recomputed from it: the body's SHA-256 is taken over exactly the bytes given,
 * and the leaf's fields ({@code seq}, {@code at}, {@code action}, {@code actor.id}, {@code request},
 * {@code item}) are read from the body, so nothing a proof claims about the leaf is taken on trust.
 *
 * <p>Strict: the bytes must be UTF-8 and one JSON object with those members (no duplicates); anything
 * else is {@code INVALID_INPUT}. Bodies are small (at most {@link #MAX_BYTES}). Immutable.
 */
public final class CustodyBody {
  /** The largest body read; the engine's are a few hundred bytes. */
  public static final int MAX_BYTES = 1 << 20;

  private final byte[] bytes;
  private final Map<String, Object> json;
  private final CustodyLeaf leaf;

  private CustodyBody(byte[] bytes, Map<String, Object> json, CustodyLeaf leaf) {
    this.bytes = bytes;
    this.json = json;
    this.leaf = leaf;
  }

  /** Parses a body given as its bytes (a trailing newline, as a file or a JSON-lines line has, is not part of it). */
  public static CustodyBody parse(byte[] given) {
    Objects.requireNonNull(given, "body");
    int length = given.length;
    if (length > 0 && given[length - 1] == '\n') {
      length--;
    }
    if (length > MAX_BYTES) {
      throw Hashes.invalid("an event body is at most " + MAX_BYTES + " bytes");
    }
    byte[] bytes = java.util.Arrays.copyOf(given, length);
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw Hashes.invalid("an event body must be UTF-8");
    }
    if (!(StrictJson.parse(text) instanceof Map<?, ?> map)) {
      throw Hashes.invalid("an event body is a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> json = (Map<String, Object>) map;
    long seq = integer(json, "seq");
    Instant at;
    try {
      at = Instant.parse(text(json, "at"));
    } catch (DateTimeParseException e) {
      throw Hashes.invalid("the event body's \"at\" is not an ISO-8601 instant");
    }
    String action = text(json, "action");
    if (!(json.get("actor") instanceof Map<?, ?> actor) || !(actor.get("id") instanceof String actorId)) {
      throw Hashes.invalid("the event body has no \"actor\" with an \"id\"");
    }
    CustodyLeaf leaf = new CustodyLeaf(CustodyLeaf.checkSequence(seq), at, action, actorId, uuid(json, "request"),
        uuid(json, "item"), Sha256.of(sha256(bytes)));
    return new CustodyBody(bytes, json, leaf);
  }

  /** The leaf recomputed from this body. */
  public CustodyLeaf leaf() {
    return leaf;
  }

  /** The body's bytes as hashed (a copy). */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** A top-level text member ({@code reason}, {@code request}...), if present. */
  public Optional<String> text(String member) {
    return json.get(member) instanceof String s ? Optional.of(s) : Optional.empty();
  }

  /** A member of {@code details}, if present. */
  public Optional<String> detail(String key) {
    return json.get("details") instanceof Map<?, ?> details && details.get(key) instanceof String s
        ? Optional.of(s) : Optional.empty();
  }

  private static String text(Map<String, Object> json, String member) {
    if (!(json.get(member) instanceof String s)) {
      throw Hashes.invalid("the event body has no text \"" + member + "\"");
    }
    return s;
  }

  private static long integer(Map<String, Object> json, String member) {
    if (json.get(member) instanceof StrictJson.Number n && n.integral()) {
      try {
        return Long.parseLong(n.text());
      } catch (NumberFormatException e) {
        // refused below
      }
    }
    throw Hashes.invalid("the event body's \"" + member + "\" is not an integer");
  }

  private static Optional<UUID> uuid(Map<String, Object> json, String member) {
    Object value = json.get(member);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof String s) {
      try {
        UUID id = UUID.fromString(s);
        if (id.toString().equals(s)) {
          return Optional.of(id);
        }
      } catch (IllegalArgumentException e) {
        // refused below
      }
    }
    throw Hashes.invalid("the event body's \"" + member + "\" is not a lower-case UUID");
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new io.evidencekit.api.EvidenceException(io.evidencekit.api.ErrorCode.INTERNAL, "every JDK has SHA-256", e);
    }
  }
}
