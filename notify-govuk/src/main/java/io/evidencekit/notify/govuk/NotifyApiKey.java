package io.evidencekit.notify.govuk;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * A GOV.UK Notify API key, {@code {key_name}-{service id}-{secret}}, as Notify shows it once when it is
 * created. Only the last part is secret: {@link #toString()} shows the name and the service id, never the
 * secret, and no exception from here repeats the key. Immutable.
 */
public final class NotifyApiKey {
  private static final int UUID_LENGTH = 36;

  private final String value;
  private final String keyName;
  private final UUID serviceId;

  private NotifyApiKey(String value, String keyName, UUID serviceId) {
    this.value = value;
    this.keyName = keyName;
    this.serviceId = serviceId;
  }

  /**
   * Checks the key's form (a name, then two UUIDs, joined by hyphens), not whether Notify knows it.
   *
   * @throws EvidenceException {@link ErrorCode#CONFIGURATION} when it is not of that form
   */
  public static NotifyApiKey of(String key) {
    Objects.requireNonNull(key, "API key");
    String k = key.strip();
    int secretStart = k.length() - UUID_LENGTH;
    int serviceStart = secretStart - 1 - UUID_LENGTH;
    if (serviceStart < 2 || k.charAt(secretStart - 1) != '-' || k.charAt(serviceStart - 1) != '-'
        || !k.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw malformed();
    }
    String name = k.substring(0, serviceStart - 1);
    UUID service = uuid(k.substring(serviceStart, secretStart - 1));
    uuid(k.substring(secretStart));
    return new NotifyApiKey(k, name, service);
  }

  /** The key's name as the force gave it in Notify, e.g. {@code evidence_live}. Not secret. */
  public String keyName() {
    return keyName;
  }

  /** The Notify service the key belongs to; the JWT's {@code iss}. Not secret. */
  public UUID serviceId() {
    return serviceId;
  }

  /** The whole key, for the Notify client only. */
  String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return keyName + "-" + serviceId + "-***";
  }

  private static UUID uuid(String text) {
    // UUID.fromString accepts short forms such as "1-2-3-4-5": Notify's parts are always the canonical 36.
    try {
      UUID parsed = UUID.fromString(text);
      if (!parsed.toString().equals(text.toLowerCase(Locale.ROOT))) {
        throw malformed();
      }
      return parsed;
    } catch (IllegalArgumentException e) {
      throw malformed();
    }
  }

  private static EvidenceException malformed() {
    return new EvidenceException(ErrorCode.CONFIGURATION,
        "a GOV.UK Notify API key has the form {key_name}-{service id}-{secret}, as Notify shows it when it is created");
  }
}
