package io.evidencekit.api;

import java.util.Objects;

/**
 * The officer who asks for evidence, as shown to the public and used for notification.
 *
 * @param userId the host system's identifier of the officer (matched by the access policy)
 * @param displayName as the force writes it, surname first, e.g. {@code Wright, D.}
 */
public record RequestingOfficer(String userId, String displayName, EmailAddress email, PhoneNumber phone) {
  public RequestingOfficer {
    Validate.line(userId, "officer user id", 128);
    Validate.line(displayName, "officer display name", 120);
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(phone, "phone");
  }

  /** The display name in reading order: {@code Wright, D.} becomes {@code D. Wright}. */
  public String nameInReadingOrder() {
    int comma = displayName.indexOf(',');
    if (comma < 0) {
      return displayName.strip();
    }
    String surname = displayName.substring(0, comma).strip();
    String given = displayName.substring(comma + 1).strip();
    return given.isEmpty() ? surname : given + " " + surname;
  }
}
