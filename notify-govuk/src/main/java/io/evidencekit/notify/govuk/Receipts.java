package io.evidencekit.notify.govuk;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.spi.DeliveryUpdate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * Reads Notify's delivery receipt: {@code id}, {@code reference}, {@code status}, {@code created_at},
 * {@code completed_at}, {@code sent_at}, {@code notification_type} (and {@code to}, {@code template_id},
 * {@code template_version}, which are not needed and, for {@code to}, never read: it is personal data).
 */
final class Receipts {
  private Receipts() {}

  /** @throws EvidenceException {@link ErrorCode#INVALID_INPUT} for a body that is not a receipt */
  static DeliveryUpdate parse(String body) {
    JSONObject json;
    try {
      json = new JSONObject(body);
    } catch (JSONException e) {
      throw invalid("not a JSON object");
    }
    UUID id = DeliveryUpdates.uuid(string(json, "id").orElseThrow(() -> invalid("no id")))
        .orElseThrow(() -> invalid("id is not a UUID"));
    String status = string(json, "status").orElseThrow(() -> invalid("no status"));
    if (NotifyStatus.fromWire(status).isEmpty()) {
      throw invalid("unknown status");
    }
    String type = string(json, "notification_type").orElse("");
    Instant createdAt = time(json, "created_at").orElseThrow(() -> invalid("no created_at"));
    return DeliveryUpdates.of(id, string(json, "reference"), type, status, createdAt, time(json, "sent_at"),
        time(json, "completed_at"));
  }

  private static Optional<String> string(JSONObject json, String key) {
    Object value = json.opt(key);
    return value instanceof String s ? Optional.of(s) : Optional.empty();
  }

  /** Notify writes {@code 2017-05-14T12:15:30.000000Z}. */
  private static Optional<Instant> time(JSONObject json, String key) {
    Optional<String> text = string(json, key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(text.get()).toInstant());
    } catch (DateTimeParseException e) {
      throw invalid(key + " is not a time");
    }
  }

  private static EvidenceException invalid(String why) {
    return new EvidenceException(ErrorCode.INVALID_INPUT, "not a Notify delivery receipt: " + why);
  }
}
