package io.evidencekit.notify.govuk;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Notify's placeholder syntax, {@code ((name))} and the conditional {@code ((name??shown if yes))}, as far
 * as this plugin needs it: to measure how long a text message will be before sending it. Names match
 * without regard to case, as in Notify.
 */
final class TemplateText {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\(\\(([^()]+?)\\)\\)");
  private static final String CONDITIONAL = "??";

  private TemplateText() {}

  /** The body with each placeholder replaced; a placeholder without a value is left as it is. */
  static String render(String body, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(body);
    StringBuilder out = new StringBuilder(body.length() + 64);
    while (m.find()) {
      String inside = m.group(1);
      int q = inside.indexOf(CONDITIONAL);
      String name = key(q < 0 ? inside : inside.substring(0, q));
      String value = values.get(name);
      String replacement;
      if (value == null) {
        replacement = m.group();
      } else if (q < 0) {
        replacement = value;
      } else {
        replacement = isYes(value) ? inside.substring(q + CONDITIONAL.length()) : "";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** How many times the template shows the value of {@code name} (conditional placeholders show other text). */
  static int occurrences(String body, String name) {
    Matcher m = PLACEHOLDER.matcher(body);
    int n = 0;
    while (m.find()) {
      if (!m.group(1).contains(CONDITIONAL) && key(m.group(1)).equals(name)) {
        n++;
      }
    }
    return n;
  }

  private static String key(String name) {
    return name.strip().toLowerCase(Locale.ROOT);
  }

  private static boolean isYes(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    return v.equals("yes") || v.equals("true");
  }
}
