package io.evidencekit.core.custody;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.verify.CustodyLeaf;
import io.evidencekit.verify.InstantText;
import io.evidencekit.verify.Rfc6962;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Encodes events' bodies and leaves and hashes them, for one append or one audit: the same bytes as
 * {@link EventBody#encode} and {@link CustodyLeaf#bytes}, with one text buffer and one digest reused
 * from event to event instead of maps, records and a {@code MessageDigest} per event. Not thread-safe.
 */
final class EventEncoder {
  /** An encoded event: its body as stored, the body's SHA-256 in hex, and the RFC 6962 leaf hash. */
  record Encoded(String body, String bodyHashHex, byte[] leafHash) {}

  private final StringBuilder text = new StringBuilder(1_024);
  private final InstantText instants = new InstantText();
  private final MessageDigest sha256;
  private final Rfc6962 tree = new Rfc6962();
  private final HexFormat hex = HexFormat.of();

  EventEncoder() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new EvidenceException(ErrorCode.INTERNAL, "the JDK provides no SHA-256", e);
    }
  }

  /** The event at position {@code seq}: body, body hash and leaf hash. */
  Encoded encode(long seq, PendingEvent event) {
    CustodyLeaf.checkSequence(seq);
    text.setLength(0);
    EventBody.write(text, seq, event, instants);
    byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
    String bodyHex = bodyHashHex(body);
    byte[] leaf = leafHash(seq, event.at().getEpochSecond(), event.at().getNano(), event.action().name(),
        event.actor().id(), event.requestId().map(r -> r.value()).orElse(null),
        event.itemId().map(i -> i.value()).orElse(null), bodyHex);
    // Stored as the text of the hashed bytes: the same string unless it held a lone surrogate, which
    // UTF-8 encoding turned into '?'.
    return new Encoded(new String(body, StandardCharsets.UTF_8), bodyHex, leaf);
  }

  /** SHA-256 of a body, in lower-case hex. */
  String bodyHashHex(byte[] body) {
    return hex.formatHex(sha256.digest(body));
  }

  /** The RFC 6962 leaf hash of the leaf with these parts ({@link CustodyLeaf#hash()}). */
  byte[] leafHash(long seq, long epochSecond, int nano, String action, String actorId, @Nullable UUID requestId,
      @Nullable UUID itemId, String bodyHashHex) {
    CustodyLeaf.checkSequence(seq);
    text.setLength(0);
    CustodyLeaf.write(text, seq, instants, epochSecond, nano, action, actorId, requestId, itemId, bodyHashHex);
    return tree.leafHash(text.toString().getBytes(StandardCharsets.UTF_8));
  }
}
