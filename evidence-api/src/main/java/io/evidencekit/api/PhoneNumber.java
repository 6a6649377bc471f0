package io.evidencekit.api;

import java.util.regex.Pattern;

/**
 * A phone number in E.164 form: {@code +} then 8 to 15 digits, the first not zero, e.g. {@code +447700900123}.
 *
 * <p>The constructor takes only the canonical form. {@link #parse} and {@link #ukMobile} read a number as
 * people write it ({@code 07700 900123}, {@code +44 (0)7700 900123}, {@code 0044 7700 900123}) and
 * normalise it. Failures never repeat the number in their message: it is personal data.
 */
public record PhoneNumber(String value) implements ContactPoint {
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");
  /** UK national significant numbers are 10 digits (9 in a few 01 areas) and never start with 0, 4 or 6. */
  private static final Pattern UK = Pattern.compile("\\+44(?:[1235789][0-9]{9}|1[0-9]{8})");
  /** Ofcom's mobile ranges: 071-075 and 077-079, and 07624 (Isle of Man); 070 and 076 are not mobiles. */
  private static final Pattern UK_MOBILE = Pattern.compile("\\+447(?:[1-57-9][0-9]{8}|624[0-9]{6})");
  /** What people put between digits: spaces (also no-break ones), hyphens, dots, slashes and brackets. */
  private static final Pattern SEPARATORS = Pattern.compile("[\\s\\u00A0\\u202F\\-./()]");
  private static final int MAX_WRITTEN = 40;

  public PhoneNumber {
    Validate.line(value, "phone number", 16);
    if (!E164.matcher(value).matches()) {
      throw Validate.invalid("phone number must be in E.164 form, such as +447700900123");
    }
  }

  /**
   * Reads a phone number as people write it and returns it in E.164 form. A number without a country
   * code is read as a UK number ({@code 01622 690690}, {@code (07700) 900 123}); {@code +44},
   * {@code 0044} and a bare {@code 44} followed by a UK number, with or without the {@code (0)}, are UK
   * numbers too; anything else needs {@code +} or {@code 00} and its country code.
   *
   * @throws EvidenceException {@link ErrorCode#INVALID_INPUT} when it is not a number we can read
   */
  public static PhoneNumber parse(String written) {
    Validate.line(written, "phone number", MAX_WRITTEN);
    String s = written.strip();
    boolean international = s.startsWith("+") || s.startsWith("00");
    if (international) {
      // "+44 (0)7700 900123": the trunk zero in brackets is for dialling at home; it is not dialled from abroad.
      s = s.replace("(0)", "");
    }
    s = SEPARATORS.matcher(s).replaceAll("");
    String digits = s.startsWith("+") ? s.substring(1) : s;
    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw unreadable();
    }
    String e164;
    if (s.startsWith("+")) {
      e164 = s;
    } else if (digits.startsWith("00")) {
      e164 = "+" + digits.substring(2);
    } else if (digits.startsWith("0")) {
      e164 = "+44" + digits.substring(1);
    } else if (digits.startsWith("44") && (digits.length() == 11 || digits.length() == 12)) {
      e164 = "+" + digits;
    } else {
      throw unreadable();
    }
    if (e164.startsWith("+440")) {
      // "+44 07700 900123" without the brackets: the same mistake, read the same way.
      e164 = "+44" + e164.substring(4);
    }
    if (!E164.matcher(e164).matches() || (e164.startsWith("+44") && !UK.matcher(e164).matches())) {
      throw unreadable();
    }
    return new PhoneNumber(e164);
  }

  /**
   * Like {@link #parse}, and the number must be a UK mobile (text messages reach nothing else).
   *
   * @throws EvidenceException {@link ErrorCode#INVALID_INPUT} when it is not a UK mobile number
   */
  public static PhoneNumber ukMobile(String written) {
    PhoneNumber number = parse(written);
    if (!number.isUkMobile()) {
      throw Validate.invalid("not a UK mobile number: write it like 07700 900123 or +44 7700 900123");
    }
    return number;
  }

  /** Whether this is a UK mobile number (071-075, 077-079 or 07624), which can receive text messages. */
  public boolean isUkMobile() {
    return UK_MOBILE.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }

  private static EvidenceException unreadable() {
    return Validate.invalid("not a phone number we can read: write a UK number like 07700 900123,"
        + " or an international one starting with + and the country code");
  }
}
