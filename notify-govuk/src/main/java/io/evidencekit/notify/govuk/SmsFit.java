package io.evidencekit.notify.govuk;

import java.util.HashMap;
import java.util.Map;

/**
 * Shortens one free-text value (an invitation's description, a caption) so that the whole text message
 * fits a length: the other values, the link and the reference among them, are never cut. The text is
 * cut after a whole word and ends with an ellipsis; a first word too long to fit leaves nothing.
 */
final class SmsFit {
  private SmsFit() {}

  /**
   * @param template the text message template's body, as Notify holds it
   * @param values every placeholder's value, the one to cut included
   * @param cutKey the placeholder whose value may be shortened
   * @return the values, with {@code cutKey}'s shortened where the message would be too long
   */
  static Map<String, String> fit(String template, Map<String, String> values, String cutKey, int maxLength,
      String ellipsis) {
    int shown = TemplateText.occurrences(template, cutKey);
    String text = values.get(cutKey);
    if (shown == 0 || text == null) {
      return values;
    }
    Map<String, String> without = new HashMap<>(values);
    without.put(cutKey, "");
    int rest = TemplateText.render(template, without).length();
    int budget = Math.max(0, (maxLength - rest) / shown);
    Map<String, String> fitted = new HashMap<>(values);
    fitted.put(cutKey, cut(text, budget, ellipsis));
    return fitted;
  }

  /** {@code text} if it fits {@code budget} characters, else its longest start of whole words that fits with the ellipsis. */
  static String cut(String text, int budget, String ellipsis) {
    if (text.length() <= budget) {
      return text;
    }
    int limit = budget - ellipsis.length();
    if (limit <= 0) {
      return "";
    }
    int end = limit;
    // Cutting at a space keeps the word before it whole; otherwise go back to the last space.
    if (!Character.isWhitespace(text.charAt(end))) {
      while (end > 0 && !Character.isWhitespace(text.charAt(end - 1))) {
        end--;
      }
    }
    String head = text.substring(0, end).stripTrailing();
    // "... the A2," reads badly: a sentence cut short ends at its last word, not its last comma.
    while (!head.isEmpty() && ",;:-".indexOf(head.charAt(head.length() - 1)) >= 0) {
      head = head.substring(0, head.length() - 1).stripTrailing();
    }
    return head.isEmpty() ? "" : head + ellipsis;
  }
}
