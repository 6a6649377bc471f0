package io.evidencekit.api;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An email address in the plain {@code local@domain} form (no display name, no comments, no
 * quoted local parts), so it can never carry header syntax. The domain is lower-cased.
 */
public record EmailAddress(String value) implements ContactPoint {
  private static final Pattern FORM = Pattern.compile(
      "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");

  public EmailAddress {
    Validate.line(value, "email address", 254);
    if (!FORM.matcher(value).matches() || value.startsWith(".") || value.contains("..")) {
      throw Validate.invalid("not a valid email address");
    }
    int at = value.indexOf('@');
    value = value.substring(0, at) + value.substring(at).toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return value;
  }
}
