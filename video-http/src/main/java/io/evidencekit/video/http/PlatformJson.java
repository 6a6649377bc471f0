package io.evidencekit.video.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evidencekit.api.Actor;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.Sha256;
import io.evidencekit.spi.Consent;
import io.evidencekit.spi.ConsentDecision;
import io.evidencekit.spi.ConsentMethod;
import io.evidencekit.spi.Consultation;
import io.evidencekit.spi.ConsultationId;
import io.evidencekit.spi.DeletionReceipt;
import io.evidencekit.spi.Recording;
import io.evidencekit.spi.RecordingId;
import io.evidencekit.spi.RecordingState;
import io.evidencekit.spi.RefusedEntry;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the platform's JSON (schemas {@code Page}, {@code Consultation}, {@code DeletionReceipt} of the
 * OpenAPI document). A consultation that is not exactly what the schema says is {@link Malformed}, whose
 * message names the field, never its value; the caller turns it into a refused entry. Thread-safe.
 */
final class PlatformJson {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern SAFE_ENTRY = Pattern.compile("[\\x21-\\x7e]{1,128}");

  /** A JSON value that does not follow the contract; the message names fields only. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  /** One page as the platform gave it; {@code next} is the platform's own cursor. */
  record Page(List<Consultation> consultations, String next, boolean more, List<RefusedEntry> refused) {}

  private final ObjectMapper json = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /**
   * A page. A consultation in it that is malformed is refused, by its id when that much is readable, and
   * the rest of the page stands; a page whose frame is malformed is an {@link IOException}.
   */
  Page page(byte[] bytes, int limit, int maxCursor) throws IOException {
    JsonNode root = tree(bytes, "a page of consultations");
    JsonNode items = root.get("consultations");
    JsonNode next = root.get("next");
    JsonNode more = root.get("more");
    if (items == null || !items.isArray() || next == null || !next.isTextual() || more == null || !more.isBoolean()) {
      throw new IOException("the platform's page of consultations lacks 'consultations', 'next' or 'more'");
    }
    String cursor = next.asText();
    if (cursor.isEmpty() || cursor.length() > maxCursor || !cursor.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
      throw new IOException("the platform's 'next' cursor is not 1 to " + maxCursor + " visible ASCII characters");
    }
    if (items.size() > limit) {
      throw new IOException("the platform answered " + items.size() + " consultations when asked for at most " + limit);
    }
    List<Consultation> consultations = new ArrayList<>();
    List<RefusedEntry> refused = new ArrayList<>();
    int index = 0;
    for (JsonNode item : items) {
      index++;
      try {
        consultations.add(consultation(item));
      } catch (Malformed e) {
        refused.add(new RefusedEntry(entryName(item, index), e.getMessage()));
      }
    }
    JsonNode platformRefused = root.get("refused");
    if (platformRefused != null && !platformRefused.isNull()) {
      if (!platformRefused.isArray()) {
        throw new IOException("the platform's 'refused' is not a list");
      }
      for (JsonNode r : platformRefused) {
        refused.add(platformRefusal(r));
      }
    }
    return new Page(consultations, cursor, more.asBoolean(), refused);
  }

  /** One consultation fetched on its own; malformed is an {@link IOException}, since nothing can be read of it. */
  Consultation consultation(byte[] bytes) throws IOException {
    try {
      return consultation(tree(bytes, "a consultation"));
    } catch (Malformed e) {
      throw new IOException("the platform's consultation is malformed: " + e.getMessage());
    }
  }

  DeletionReceipt receipt(byte[] bytes) throws IOException {
    JsonNode root = tree(bytes, "a deletion receipt");
    try {
      return new DeletionReceipt(new ConsultationId(text(root, "consultationId")), new RecordingId(text(root, "recordingId")),
          instant(root, "deletedAt"), text(root, "confirmation"));
    } catch (Malformed | EvidenceException e) {
      throw new IOException("the platform's deletion receipt is malformed: " + e.getMessage());
    }
  }

  private JsonNode tree(byte[] bytes, String what) throws IOException {
    JsonNode root;
    try {
      root = json.readTree(bytes);
    } catch (IOException e) {
      // Jackson's message quotes the input; the platform's data is not ours to repeat.
      throw new IOException("the platform sent " + what + " that is not valid JSON (or gives a key twice)");
    }
    if (root == null || !root.isObject()) {
      throw new IOException("the platform sent " + what + " that is not a JSON object");
    }
    return root;
  }

  Consultation consultation(JsonNode c) throws Malformed {
    if (!c.isObject()) {
      throw new Malformed("a consultation must be a JSON object");
    }
    try {
      List<Recording> recordings = new ArrayList<>();
      for (JsonNode r : array(c, "recordings")) {
        recordings.add(recording(r));
      }
      JsonNode officer = object(c, "officer");
      return new Consultation(new ConsultationId(text(c, "id")), text(c, "callReference"),
          Actor.Officer.of(text(officer, "userId"), text(officer, "displayName")), text(c, "caller"),
          instant(c, "start"), instant(c, "end"), recordings, consent(c.get("consent")));
    } catch (EvidenceException e) {
      // The records' own checks name the field, never its value.
      throw new Malformed(e.getMessage());
    }
  }

  private static Recording recording(JsonNode r) throws Malformed {
    if (!r.isObject()) {
      throw new Malformed("recordings[] must be objects");
    }
    JsonNode size = r.get("size");
    if (size == null || !size.isIntegralNumber() || !size.canConvertToLong()) {
      throw new Malformed("recordings[].size must be a whole number");
    }
    Optional<Sha256> checksum = Optional.empty();
    if (r.hasNonNull("sha256")) {
      String hex = text(r, "sha256");
      // Well-formed is all we can check here: whether the bytes match is the engine's check, on its copy.
      if (!HEX64.matcher(hex).matches()) {
        throw new Malformed("recordings[].sha256 must be 64 hex digits");
      }
      checksum = Optional.of(new Sha256(hex.toLowerCase(Locale.ROOT)));
    }
    return new Recording(new RecordingId(text(r, "id")), size.asLong(), text(r, "mediaType"), checksum,
        constant(RecordingState.class, text(r, "state"), "recordings[].state"));
  }

  private static Optional<Consent> consent(JsonNode c) throws Malformed {
    if (c == null || c.isNull()) {
      return Optional.empty();
    }
    if (!c.isObject()) {
      throw new Malformed("consent must be an object or null");
    }
    JsonNode notice = c.get("recordingNoticeGiven");
    if (notice == null || !notice.isBoolean()) {
      throw new Malformed("consent.recordingNoticeGiven must be true or false");
    }
    List<String> others = new ArrayList<>();
    JsonNode present = c.get("othersPresent");
    if (present != null && !present.isNull()) {
      if (!present.isArray()) {
        throw new Malformed("consent.othersPresent must be a list of text");
      }
      for (JsonNode o : present) {
        if (!o.isTextual()) {
          throw new Malformed("consent.othersPresent must be a list of text");
        }
        others.add(o.asText());
      }
    }
    Optional<String> note = c.hasNonNull("collateralIntrusionNote")
        ? Optional.of(text(c, "collateralIntrusionNote")) : Optional.empty();
    return Optional.of(new Consent(text(c, "givenBy"), instant(c, "at"),
        constant(ConsentMethod.class, text(c, "method"), "consent.method"),
        constant(ConsentDecision.class, text(c, "decision"), "consent.decision"), notice.asBoolean(), others, note));
  }

  private static RefusedEntry platformRefusal(JsonNode r) {
    try {
      return new RefusedEntry(text(r, "entry"), text(r, "reason"));
    } catch (Malformed | EvidenceException e) {
      return new RefusedEntry("(unnamed)", "the platform refused an entry but did not describe it in the contract's form");
    }
  }

  /** The consultation's id when it is a plain printable id, else its place in the page. */
  private static String entryName(JsonNode item, int index) {
    JsonNode id = item.isObject() ? item.get("id") : null;
    if (id != null && id.isTextual() && SAFE_ENTRY.matcher(id.asText()).matches()) {
      return "consultation " + id.asText();
    }
    return "consultation #" + index + " of its page";
  }

  private static <E extends Enum<E>> E constant(Class<E> type, String value, String field) throws Malformed {
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(value)) {
        return e;
      }
    }
    throw new Malformed(field + " is not one of the known values");
  }

  private static String text(JsonNode node, String field) throws Malformed {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new Malformed(field + " must be text");
    }
    return value.asText();
  }

  private static Instant instant(JsonNode node, String field) throws Malformed {
    try {
      return Instant.parse(text(node, field));
    } catch (DateTimeParseException e) {
      throw new Malformed(field + " must be an RFC 3339 instant in UTC such as 2026-11-02T21:00:00Z");
    }
  }

  private static JsonNode object(JsonNode node, String field) throws Malformed {
    JsonNode value = node.get(field);
    if (value == null || !value.isObject()) {
      throw new Malformed(field + " must be an object");
    }
    return value;
  }

  private static JsonNode array(JsonNode node, String field) throws Malformed {
    JsonNode value = node.get(field);
    if (value == null || !value.isArray()) {
      throw new Malformed(field + " must be a list");
    }
    return value;
  }
}
