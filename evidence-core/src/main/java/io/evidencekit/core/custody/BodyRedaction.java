package io.evidencekit.core.custody;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.verify.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Redacts the personal data from a stored event body when its evidence is disposed of. The log commits to
 * the body's hash, never to the body, so the stored hash and leaf stay and every proof and checkpoint still
 * verifies; the disposal certificate lists each redacted event's sequence number and body hash, and the
 * audit accepts a body that no longer hashes to its stored hash only if it is in this redacted form and a
 * later certificate vouches for it.
 *
 * <p>The redacted body keeps the body's shape (so readers and the audit's position checks still work):
 * action, actor id and kind, time, item, request, sequence and version, the details that carry no personal
 * data ({@link #KEPT_DETAILS}), and the member {@code "redacted":"disposal"}. The submitter's name and any
 * reason become {@code [redacted]}; officers' names stay (who acted on evidence is the custody record).
 * Stateless and thread-safe.
 */
public final class BodyRedaction {
  /** The member a redacted body carries; between "reason" and "request" in canonical order. */
  public static final String MEMBER = "redacted";
  public static final String VALUE = "disposal";
  /** What a redacted body holds in place of a person's words or name. */
  public static final String PLACEHOLDER = "[redacted]";
  /** How the audit recognises a redacted body (the canonical encoding of the member). */
  static final String MARK = ",\"" + MEMBER + "\":\"" + VALUE + "\"";

  /** Detail keys whose values are ids, hashes, counts or fixed vocabulary: never personal data. */
  static final Set<String> KEPT_DETAILS = Set.of(CustodyEvents.Key.SUBMISSION, CustodyEvents.Key.INVITATION,
      CustodyEvents.Key.SIZE, CustodyEvents.Key.SHA256, CustodyEvents.Key.BLOB, CustodyEvents.Key.FILES,
      CustodyEvents.Key.ITEMS, CustodyEvents.Key.COUNT, CustodyEvents.Key.ACTION, CustodyEvents.Key.RULE,
      CustodyEvents.Key.RANGE, CustodyEvents.Key.OUTCOME, CustodyEvents.Key.ATTEMPTS, CustodyEvents.Key.CHANNEL,
      CustodyEvents.Key.VERDICT, CustodyEvents.Key.SCANNER, CustodyEvents.Key.VERSION, CustodyEvents.Key.STATE,
      CustodyEvents.Key.PREVIOUS_STATE, CustodyEvents.Key.STATUS, CustodyEvents.Key.VIA, CustodyEvents.Key.NEXT,
      CustodyEvents.Key.MESSAGE, CustodyEvents.Key.EXPIRES_AT, CustodyEvents.Key.SOURCE,
      CustodyEvents.Key.CONTROLLER, CustodyEvents.Key.SUBMISSION_POLICY, CustodyEvents.Key.CATEGORY,
      CustodyEvents.Key.RULES_VERSION, CustodyEvents.Key.HOLD, CustodyEvents.Key.TARGET_KIND,
      CustodyEvents.Key.DUE_ON, CustodyEvents.Key.DISPOSE_AFTER, CustodyEvents.Key.KIND,
      CustodyEvents.Key.CONSULTATION, CustodyEvents.Key.RECORDING, CustodyEvents.Key.RECORDINGS,
      CustodyEvents.Key.METHOD, CustodyEvents.Key.DECISION, CustodyEvents.Key.RECORDING_NOTICE,
      CustodyEvents.Key.PLATFORM_SHA256, CustodyEvents.Key.DELETED_AT);

  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  private final ObjectMapper json;

  public BodyRedaction(ObjectMapper json) {
    this.json = json;
  }

  /** Whether a stored body is in the redacted form. */
  public static boolean isRedacted(String body) {
    return body.contains(MARK);
  }

  /** The redacted form of {@code body}; a body already redacted comes back unchanged. */
  @SuppressWarnings("unchecked")
  public String redact(String body) {
    if (isRedacted(body)) {
      return body;
    }
    Map<String, Object> map;
    try {
      map = json.readValue(body, MAP);
    } catch (java.io.IOException e) {
      throw new EvidenceException(ErrorCode.INTEGRITY_FAILURE, "a custody event body cannot be read for redaction", e);
    }
    Map<String, Object> actor = new HashMap<>((Map<String, Object>) map.get("actor"));
    if (!"officer".equals(actor.get("kind")) && actor.get("name") != null) {
      actor.put("name", PLACEHOLDER);
    }
    map.put("actor", actor);
    Map<String, Object> details = new TreeMap<>();
    ((Map<String, Object>) map.getOrDefault("details", Map.of())).forEach((k, v) -> {
      if (KEPT_DETAILS.contains(k)) {
        details.put(k, v);
      }
    });
    map.put("details", details);
    if (map.get("reason") != null) {
      map.put("reason", PLACEHOLDER);
    }
    map.put(MEMBER, VALUE);
    return new String(CanonicalJson.encode(map), StandardCharsets.UTF_8);
  }
}
