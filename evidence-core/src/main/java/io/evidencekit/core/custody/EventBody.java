package io.evidencekit.core.custody;

import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.Actor;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.InvitationId;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.Sha256;
import io.evidencekit.verify.CanonicalJson;
import io.evidencekit.verify.InstantText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The canonical body of a custody event (RFC 8785 JSON): everything about the act, including the
 * personal data a later disposal may redact. The log commits to the body's SHA-256, never to the
 * body itself, so redaction leaves every proof intact.
 *
 * <pre>{"action":"ITEM_RECEIVED","actor":{"id":"public:…","kind":"public","name":"D Smith"},
 *  "at":"2024-05-01T10:00:00.123456Z","details":{"sha256":"…","size":"42"},"item":"…","reason":"…",
 *  "request":"…","seq":12,"v":1}</pre>
 */
public final class EventBody {
  /** Version of the body format, inside the hashed bytes so a future format can never be confused with this one. */
  static final int VERSION = 1;

  private EventBody() {}

  static Map<String, Object> toJsonMap(long seq, PendingEvent event) {
    Map<String, Object> actor = new LinkedHashMap<>();
    actor.put("id", event.actor().id());
    actor.put("name", event.actor().displayName());
    actor.put("kind", kind(event.actor()));
    if (event.actor() instanceof Actor.Officer officer && !officer.roles().isEmpty()) {
      actor.put("roles", String.join(",", new TreeSet<>(officer.roles())));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("v", VERSION);
    body.put("seq", seq);
    body.put("at", event.at().toString());
    body.put("action", event.action().name());
    body.put("actor", actor);
    body.put("request", event.requestId().map(RequestId::toString).orElse(null));
    body.put("item", event.itemId().map(ItemId::toString).orElse(null));
    body.put("reason", event.reason().orElse(null));
    body.put("details", Map.copyOf(event.details()));
    return body;
  }

  /** The canonical body as {@link CanonicalJson} encodes {@link #toJsonMap}; the reference {@link #write} is tested against. */
  static byte[] encode(long seq, PendingEvent event) {
    return CanonicalJson.encode(toJsonMap(seq, event));
  }

  /**
   * Appends the canonical body, the same text as {@link #encode} (pinned by {@code EventBodyWriterTest}),
   * written member by member in RFC 8785 order rather than through maps: every append encodes each of
   * its events, and the general encoder's sorted maps were a fifth of an append.
   */
  static void write(StringBuilder out, long seq, PendingEvent event, InstantText instants) {
    if (Math.abs(seq) > (1L << 53)) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "integer out of the exactly representable range");
    }
    Actor actor = event.actor();
    // Members in UTF-16 order: action, actor (id, kind, name, roles), at, details, item, reason, request, seq, v.
    out.append("{\"action\":");
    CanonicalJson.writeString(out, event.action().name());
    out.append(",\"actor\":{\"id\":");
    CanonicalJson.writeString(out, actor.id());
    out.append(",\"kind\":");
    CanonicalJson.writeString(out, kind(actor));
    String name = actor.displayName();
    if (name != null) {
      out.append(",\"name\":");
      CanonicalJson.writeString(out, name);
    }
    if (actor instanceof Actor.Officer officer && !officer.roles().isEmpty()) {
      out.append(",\"roles\":");
      CanonicalJson.writeString(out, String.join(",", new TreeSet<>(officer.roles())));
    }
    out.append("},\"at\":\"");
    instants.append(out, event.at());
    out.append("\",\"details\":{");
    Map<String, String> details = event.details();
    if (!details.isEmpty()) {
      String[] keys = details.keySet().toArray(new String[0]);
      Arrays.sort(keys); // String order is UTF-16 code-unit order, as RFC 8785 section 3.2.3 asks
      for (int i = 0; i < keys.length; i++) {
        if (i > 0) {
          out.append(',');
        }
        CanonicalJson.writeString(out, keys[i]);
        out.append(':');
        CanonicalJson.writeString(out, details.get(keys[i]));
      }
    }
    out.append('}');
    if (event.itemId().isPresent()) {
      out.append(",\"item\":");
      CanonicalJson.writeString(out, event.itemId().get().toString());
    }
    if (event.reason().isPresent()) {
      out.append(",\"reason\":");
      CanonicalJson.writeString(out, event.reason().get());
    }
    if (event.requestId().isPresent()) {
      out.append(",\"request\":");
      CanonicalJson.writeString(out, event.requestId().get().toString());
    }
    out.append(",\"seq\":").append(seq).append(",\"v\":").append(VERSION).append('}');
  }

  static Sha256 sha256(byte[] body) {
    try {
      return Sha256.of(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new EvidenceException(ErrorCode.INTERNAL, "every JDK has SHA-256", e);
    }
  }

  /** Rebuilds the event from its stored body; the inverse of {@link #encode}. */
  @SuppressWarnings("unchecked")
  static CustodyEvent decode(Map<String, Object> body, Sha256 bodyHash) {
    Map<String, Object> actor = (Map<String, Object>) body.get("actor");
    Map<String, String> details = (Map<String, String>) body.getOrDefault("details", Map.of());
    return new CustodyEvent(
        ((Number) body.get("seq")).longValue(),
        Instant.parse((String) body.get("at")),
        actorOf(actor),
        CustodyAction.valueOf((String) body.get("action")),
        Optional.ofNullable((String) body.get("request")).map(RequestId::parse),
        Optional.ofNullable((String) body.get("item")).map(ItemId::parse),
        Optional.ofNullable((String) body.get("reason")),
        details,
        bodyHash);
  }

  private static String kind(Actor actor) {
    if (actor instanceof Actor.Officer) {
      return "officer";
    }
    if (actor instanceof Actor.PublicSubmitter) {
      return "public";
    }
    return "system";
  }

  private static Actor actorOf(Map<String, Object> actor) {
    String id = (String) actor.get("id");
    String name = (String) actor.get("name");
    String local = id.substring(id.indexOf(':') + 1);
    switch ((String) actor.get("kind")) {
      case "officer": {
        String roles = (String) actor.get("roles");
        Set<String> roleSet = roles == null ? Set.of()
            : Arrays.stream(roles.split(",")).collect(Collectors.toUnmodifiableSet());
        return new Actor.Officer(local, name, roleSet);
      }
      case "public":
        return new Actor.PublicSubmitter(InvitationId.parse(local), name);
      default:
        return new Actor.SystemActor(local);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
