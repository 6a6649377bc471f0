package io.evidencekit.video.folder;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evidencekit.api.Actor;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.Sha256;
import io.evidencekit.spi.Consent;
import io.evidencekit.spi.ConsentDecision;
import io.evidencekit.spi.ConsentMethod;
import io.evidencekit.spi.Consultation;
import io.evidencekit.spi.ConsultationId;
import io.evidencekit.spi.Recording;
import io.evidencekit.spi.RecordingId;
import io.evidencekit.spi.RecordingState;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes the export manifest, format {@value #FORMAT}. Reading refuses, with a {@link Refusal}
 * whose message names the field but never its value, anything that is not exactly a manifest: malformed
 * JSON, a duplicate key, a missing or ill-typed field, an unsafe media file name. Thread-safe.
 */
final class ManifestFormat {
  static final String FORMAT = "evidencekit-video-export/1";

  /** Why a manifest is refused; the message is safe to show an operator. */
  static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    Refusal(String message) {
      super(message, null, false, false);
    }
  }

  private final ObjectMapper json = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  Manifest read(String name, byte[] bytes) throws Refusal {
    JsonNode root;
    try {
      root = json.readTree(bytes);
    } catch (java.io.IOException e) {
      throw new Refusal("not valid JSON (or a key given twice)");
    }
    if (root == null || !root.isObject()) {
      throw new Refusal("not a JSON object");
    }
    if (!FORMAT.equals(root.path("format").asText(null))) {
      throw new Refusal("format is not " + FORMAT);
    }
    try {
      List<Recording> recordings = new ArrayList<>();
      Map<RecordingId, String> files = new LinkedHashMap<>();
      Set<String> seenFiles = new HashSet<>();
      for (JsonNode r : array(root, "recordings")) {
        RecordingId id = new RecordingId(text(r, "recordings[].id"));
        String file = text(r, "recordings[].file");
        if (!FileNames.safe(file)) {
          throw new Refusal("recording " + id + " names a media file that is not a plain file name in the export directory");
        }
        if (!seenFiles.add(file)) {
          throw new Refusal("two recordings name the same media file");
        }
        JsonNode size = r.get("size");
        if (size == null || !size.canConvertToLong() || !size.isIntegralNumber()) {
          throw new Refusal("recordings[].size must be a whole number");
        }
        Optional<Sha256> sha = r.hasNonNull("sha256") ? Optional.of(new Sha256(text(r, "recordings[].sha256"))) : Optional.empty();
        recordings.add(new Recording(id, size.asLong(), text(r, "recordings[].mediaType"), sha, RecordingState.AVAILABLE));
        files.put(id, file);
      }
      JsonNode officer = object(root, "officer");
      Consultation consultation = new Consultation(new ConsultationId(text(root, "consultationId")),
          text(root, "callReference"), Actor.Officer.of(text(officer, "officer.userId"), text(officer, "officer.displayName")),
          text(root, "caller"), instant(root, "start"), instant(root, "end"), recordings, consent(root.get("consent")));
      return new Manifest(name, consultation, files);
    } catch (EvidenceException e) {
      // Record checks name the field, never its value, so their message is safe to pass on.
      throw new Refusal(e.getMessage());
    }
  }

  private static Optional<Consent> consent(JsonNode c) throws Refusal {
    if (c == null || c.isNull()) {
      return Optional.empty();
    }
    if (!c.isObject()) {
      throw new Refusal("consent must be an object or null");
    }
    JsonNode notice = c.get("recordingNoticeGiven");
    if (notice == null || !notice.isBoolean()) {
      throw new Refusal("consent.recordingNoticeGiven must be true or false");
    }
    List<String> others = new ArrayList<>();
    for (JsonNode o : array(c, "othersPresent")) {
      if (!o.isTextual()) {
        throw new Refusal("consent.othersPresent must be a list of text");
      }
      others.add(o.asText());
    }
    Optional<String> note = c.hasNonNull("collateralIntrusionNote")
        ? Optional.of(text(c, "consent.collateralIntrusionNote")) : Optional.empty();
    return Optional.of(new Consent(text(c, "consent.givenBy"), instant(c, "at"),
        constant(ConsentMethod.class, text(c, "consent.method"), "consent.method"),
        constant(ConsentDecision.class, text(c, "consent.decision"), "consent.decision"),
        notice.asBoolean(), others, note));
  }

  private static <E extends Enum<E>> E constant(Class<E> type, String value, String field) throws Refusal {
    try {
      return Enum.valueOf(type, value);
    } catch (IllegalArgumentException e) {
      throw new Refusal(field + " is not one of the known values");
    }
  }

  private static String text(JsonNode node, String field) throws Refusal {
    String key = field.substring(field.lastIndexOf('.') + 1);
    JsonNode value = node.get(key);
    if (value == null || !value.isTextual()) {
      throw new Refusal(field + " must be text");
    }
    return value.asText();
  }

  private static Instant instant(JsonNode node, String field) throws Refusal {
    try {
      return Instant.parse(text(node, field));
    } catch (DateTimeParseException e) {
      throw new Refusal(field + " must be an ISO-8601 instant such as 2026-11-02T21:00:00Z");
    }
  }

  private static JsonNode object(JsonNode node, String field) throws Refusal {
    JsonNode value = node.get(field);
    if (value == null || !value.isObject()) {
      throw new Refusal(field + " must be an object");
    }
    return value;
  }

  private static ArrayNode array(JsonNode node, String field) throws Refusal {
    JsonNode value = node.get(field);
    if (value == null || !value.isArray()) {
      throw new Refusal(field + " must be a list");
    }
    return (ArrayNode) value;
  }

  /** The manifest for a consultation whose recordings are in the given files: what a platform's export writes. */
  byte[] write(Consultation c, Map<RecordingId, String> files) {
    ObjectNode root = json.createObjectNode();
    root.put("format", FORMAT);
    root.put("consultationId", c.id().value());
    root.put("callReference", c.callReference());
    root.putObject("officer").put("userId", c.officer().userId()).put("displayName", c.officer().displayName());
    root.put("caller", c.caller());
    root.put("start", c.start().toString());
    root.put("end", c.end().toString());
    ArrayNode recordings = root.putArray("recordings");
    for (Recording r : c.recordings()) {
      ObjectNode node = recordings.addObject();
      node.put("id", r.id().value());
      node.put("file", files.get(r.id()));
      node.put("size", r.size());
      node.put("mediaType", r.mediaType());
      r.platformChecksum().ifPresent(s -> node.put("sha256", s.hex()));
    }
    c.consent().ifPresentOrElse(consent -> {
      ObjectNode node = root.putObject("consent");
      node.put("givenBy", consent.givenBy());
      node.put("at", consent.at().toString());
      node.put("method", consent.method().name());
      node.put("decision", consent.decision().name());
      node.put("recordingNoticeGiven", consent.recordingNoticeGiven());
      ArrayNode others = node.putArray("othersPresent");
      consent.othersPresent().forEach(others::add);
      consent.collateralIntrusionNote().ifPresent(n -> node.put("collateralIntrusionNote", n));
    }, () -> root.putNull("consent"));
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new EvidenceException(io.evidencekit.api.ErrorCode.INTERNAL, "a manifest tree of plain values did not serialise", e);
    }
  }
}
