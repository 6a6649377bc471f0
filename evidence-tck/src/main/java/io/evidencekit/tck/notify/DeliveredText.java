package io.evidencekit.tck.notify;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks for facts in a delivered message without knowing its language: a link as a whole (not cut short,
 * not run into other text), a number standing on its own. Stateless.
 */
public final class DeliveredText {
  /** Characters that may appear in a URL. */
  private static final String URL_CHARACTER = "[\\p{Alnum}\\-._~%/?#\\[\\]@!$&'()*+,;=:]";
  /** Characters that, straight before a link, would make it part of a longer URL or word. */
  private static final String LEADING = "[\\p{Alnum}\\-._~%/=+&]";

  private DeliveredText() {}

  /**
   * How many times {@code link} appears whole in {@code text}. A copy counts when nothing that could be
   * part of a URL runs straight into it on either side (a sentence's final full stop may follow it).
   */
  public static int wholeOccurrences(String text, String link) {
    Matcher matcher = wholeLink(link).matcher(text);
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return count;
  }

  /** {@code text} with every copy of {@code link} taken out, to check that what it holds appears nowhere else. */
  public static String withoutOccurrences(String text, String link) {
    return text.replace(link, " ");
  }

  /** Whether {@code number} appears in {@code text} in decimal digits, not as part of a longer number or word. */
  public static boolean containsNumber(String text, int number) {
    return Pattern.compile("(?<![\\p{Alnum}.,])" + number + "(?![\\p{Alnum}]|[.,]\\d)").matcher(text).find();
  }

  private static Pattern wholeLink(String link) {
    return Pattern.compile("(?<!" + LEADING + ")" + Pattern.quote(link)
        + "(?!" + URL_CHARACTER + "*[\\p{Alnum}\\-_~%/?#=&])");
  }
}
