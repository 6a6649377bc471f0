package io.evidencekit.api;

/** Where a message can be sent: an email address or a mobile number. */
public sealed interface ContactPoint permits EmailAddress, PhoneNumber {
  /** The address in its canonical text form. */
  String value();
}
