package io.evidencekit.api;

import java.util.Objects;
import java.util.Optional;

/** The member of the public asked for evidence: a name and at least one way to reach them. */
public record Recipient(String name, Optional<EmailAddress> email, Optional<PhoneNumber> mobile) {
  public Recipient {
    Validate.line(name, "recipient name", 200);
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(mobile, "mobile");
    if (email.isEmpty() && mobile.isEmpty()) {
      throw Validate.invalid("a recipient needs an email address or a mobile number");
    }
  }

  public static Recipient byEmail(String name, String email) {
    return new Recipient(name, Optional.of(new EmailAddress(email)), Optional.empty());
  }
}
