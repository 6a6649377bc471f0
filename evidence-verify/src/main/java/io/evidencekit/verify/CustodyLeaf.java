package io.evidencekit.verify;

import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.Sha256;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What the Merkle tree commits to for one custody event: the leaf. Its hash is the RFC 6962 leaf hash
 * {@code SHA-256(0x00 || leaf bytes)}, and the leaf bytes are this RFC 8785 canonical JSON object
 * (UTF-8, keys sorted, no white space; absent ids are left out):
 *
 * <pre>
 * {"action":"ITEM_RECEIVED","actor":"public:5b0c…","at":"2024-05-03T09:00:00.123456Z",
 *  "body":"&lt;64 lower-case hex digits: SHA-256 of the event's canonical body&gt;",
 *  "item":"&lt;uuid&gt;","request":"&lt;uuid&gt;","seq":12,"v":1}
 * </pre>
 *
 * <ul>
 *   <li>{@code seq}: the event's position in the log, from 0 (a JSON integer);
 *   <li>{@code at}: when it happened, UTC, ISO-8601 as {@link Instant#toString()} writes it (seconds
 *       always; a fraction of 3, 6 or 9 digits only when not zero; the engine keeps microseconds);
 *   <li>{@code action}: the {@link io.evidencekit.api.CustodyAction} name; {@code actor}: the actor's
 *       id ({@code officer:<user id>}, {@code public:<invitation id>}, {@code system:<component>});
 *   <li>{@code request}, {@code item}: lower-case UUIDs, omitted when the event has none;
 *   <li>{@code body}: the SHA-256 of the event's canonical body (RFC 8785 JSON of everything about the
 *       act, {@link CustodyEvent#bodyHash()}), never the body;
 *   <li>{@code v}: 1, the version of this encoding, so a future one can never collide with it.
 * </ul>
 *
 * <p>Why a hash of the body and not the body: the body holds personal data (names, captions, file
 * names) that disposal must be able to redact. The leaf keeps only ids, the act, the time and the body's
 * hash, so after redaction every leaf, root and proof issued earlier still verifies, and the original
 * body, if produced later, can still be shown to be the one the log committed to.
 *
 * <p>This encoding is part of the log's format: it never changes for v 1. Immutable.
 */
public record CustodyLeaf(
    long sequence, Instant at, String action, String actorId, Optional<UUID> requestId, Optional<UUID> itemId,
    Sha256 bodyHash) {
  /** Version of the leaf encoding, inside the hashed bytes. */
  public static final int VERSION = 1;

  public CustodyLeaf {
    checkSequence(sequence);
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(actorId, "actorId");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(bodyHash, "bodyHash");
  }

  /** The leaf of an event as the engine hands it out: what a verifier recomputes from the event it was shown. */
  public static CustodyLeaf of(CustodyEvent event) {
    return new CustodyLeaf(event.sequence(), event.at(), event.action().name(), event.actor().id(),
        event.requestId().map(RequestId::value), event.itemId().map(ItemId::value), event.bodyHash());
  }

  /** The canonical leaf bytes (RFC 8785 JSON, UTF-8). */
  public byte[] bytes() {
    StringBuilder json = new StringBuilder(320);
    write(json, sequence, new InstantText(), at.getEpochSecond(), at.getNano(), action, actorId,
        requestId.orElse(null), itemId.orElse(null), bodyHash.hex());
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Appends the leaf text from its parts: what {@link #bytes} encodes, for the engine's append path and
   * its audit, which build millions of leaves without a record each. {@code instants} is the caller's
   * (one per thread); absent ids are {@code null}. The sequence number is the caller's to check
   * ({@link #checkSequence}).
   */
  public static void write(StringBuilder json, long sequence, InstantText instants, long epochSecond, int nano, String action,
      String actorId, @Nullable UUID requestId, @Nullable UUID itemId, String bodyHashHex) {
    // The members written directly in RFC 8785 order (action, actor, at, body, item, request, seq, v):
    // a log of millions is audited leaf by leaf. CustodyLeafTest pins this against CanonicalJson.
    json.append("{\"action\":");
    CanonicalJson.writeString(json, action);
    json.append(",\"actor\":");
    CanonicalJson.writeString(json, actorId);
    json.append(",\"at\":\"");
    instants.append(json, epochSecond, nano);
    json.append("\",\"body\":\"").append(bodyHashHex).append('"');
    if (itemId != null) {
      json.append(",\"item\":\"").append(itemId).append('"');
    }
    if (requestId != null) {
      json.append(",\"request\":\"").append(requestId).append('"');
    }
    json.append(",\"seq\":").append(sequence).append(",\"v\":").append(VERSION).append('}');
  }

  /**
   * Checks a sequence number as the constructor does, for callers that write leaves without a record:
   * from 0 to 2^53, else {@code INVALID_INPUT}.
   */
  public static long checkSequence(long sequence) {
    if (sequence < 0 || sequence > (1L << 53)) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a leaf's sequence number is from 0 to 2^53 (a JSON integer)");
    }
    return sequence;
  }

  /** The same bytes through the general encoder; the reference {@link #bytes} is tested against. */
  byte[] canonicalBytes() {
    Map<String, Object> leaf = new LinkedHashMap<>();
    leaf.put("v", VERSION);
    leaf.put("seq", sequence);
    leaf.put("at", at.toString());
    leaf.put("action", action);
    leaf.put("actor", actorId);
    leaf.put("request", requestId.map(UUID::toString).orElse(null));
    leaf.put("item", itemId.map(UUID::toString).orElse(null));
    leaf.put("body", bodyHash.hex());
    return CanonicalJson.encode(leaf);
  }

  /** The RFC 6962 leaf hash, SHA-256(0x00 || bytes()). */
  public byte[] hash() {
    return hash(new Rfc6962());
  }

  /** The leaf hash with a hasher the caller reuses (one per thread). */
  public byte[] hash(Rfc6962 hasher) {
    return hasher.leafHash(bytes());
  }

  /** The leaf hash in hex, for people and logs. */
  public String hashHex() {
    return HexFormat.of().formatHex(hash());
  }
}
