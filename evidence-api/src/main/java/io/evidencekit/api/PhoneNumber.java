package io.evidencekit.api;

import java.util.regex.Pattern;

/** A phone number in E.164 form: {@code +} then 8 to 15 digits, the first not zero, e.g. {@code +447700900123}. */
public record PhoneNumber(String value) implements ContactPoint {
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");

  public PhoneNumber {
    Validate.line(value, "phone number", 16);
    if (!E164.matcher(value).matches()) {
      throw Validate.invalid("phone number must be in E.164 form, such as +447700900123");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
