package io.evidencekit.notify.email;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.text.AttributedCharacterIterator;
import java.text.CharacterIterator;
import java.text.MessageFormat;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The words of the emails in one language, from the message bundle {@code
 * io/evidencekit/notify/email/Messages} (see that file for how a force translates or rewords them).
 *
 * <p>Immutable and thread-safe: every call makes its own {@link MessageFormat}, which is not.
 */
final class EmailCopy {
  static final String BUNDLE = "io.evidencekit.notify.email.Messages";
  private static final String LANGUAGE = "language";
  private static final String TIME = "time";
  private static final String UNITS = "size.units";

  private final ResourceBundle bundle;
  private final Locale language;
  private final DateTimeFormatter time;
  private final List<String> units;

  private EmailCopy(ResourceBundle bundle, Locale language, DateTimeFormatter time, List<String> units) {
    this.bundle = bundle;
    this.language = language;
    this.time = time;
    this.units = units;
  }

  /**
   * The words for {@code locale}, key by key from the most specific bundle that has them, down to
   * the English base. Checks every value now, so a broken translation stops the notifier being
   * built rather than the first email being sent.
   *
   * @throws EvidenceException {@code CONFIGURATION} if a bundle has an unknown key or a broken value
   */
  static EmailCopy forLocale(Locale locale) {
    ResourceBundle base = load(Locale.ROOT);
    ResourceBundle bundle = load(locale);
    Set<String> unknown = new HashSet<>(bundle.keySet());
    unknown.removeAll(base.keySet());
    if (!unknown.isEmpty()) {
      throw configuration("the email wording for " + locale.toLanguageTag() + " has keys the emails do not use: "
          + unknown.stream().sorted().toList(), null);
    }
    Locale language = Locale.forLanguageTag(bundle.getString(LANGUAGE).strip());
    if (language.getLanguage().isEmpty()) {
      throw configuration("the email wording for " + locale.toLanguageTag() + " names no valid language", null);
    }
    DateTimeFormatter time;
    try {
      time = DateTimeFormatter.ofPattern(bundle.getString(TIME), language);
    } catch (IllegalArgumentException e) {
      throw configuration("the email wording for " + locale.toLanguageTag() + " has a broken '" + TIME + "' pattern", e);
    }
    List<String> units = List.of(bundle.getString(UNITS).split(",", -1)).stream().map(String::strip).toList();
    if (units.size() != 6 || units.stream().anyMatch(String::isEmpty)) {
      throw configuration("the email wording for " + locale.toLanguageTag() + " needs six units in '" + UNITS + "'", null);
    }
    EmailCopy copy = new EmailCopy(bundle, language, time, units);
    for (String key : base.keySet()) {
      if (!key.equals(LANGUAGE) && !key.equals(TIME) && !key.equals(UNITS)) {
        try {
          copy.format(key);
        } catch (IllegalArgumentException e) {
          throw configuration("the email wording for " + locale.toLanguageTag() + " has a broken pattern for '"
              + key + "'", e);
        }
      }
    }
    return copy;
  }

  /** The language the words are in (not necessarily the one asked for, when there is no bundle for it). */
  Locale language() {
    return language;
  }

  /** Formats dates and times in the email's own words. */
  DateTimeFormatter time() {
    return time;
  }

  /** kB, MB, GB, TB, PB, EB, or their translations. */
  List<String> units() {
    return units;
  }

  /** The text for {@code key} with {@code args} filled in, for the plain-text part or a header. */
  String text(String key, Object... args) {
    return format(key).format(args);
  }

  /**
   * The text for {@code key} as HTML: the words and every argument are escaped, except arguments
   * given as {@link Markup}, which are ours and go in as they are.
   */
  String html(String key, Object... args) {
    AttributedCharacterIterator it = format(key).formatToCharacterIterator(args);
    StringBuilder out = new StringBuilder();
    for (char c = it.first(); c != CharacterIterator.DONE; c = it.current()) {
      int limit = it.getRunLimit(MessageFormat.Field.ARGUMENT);
      boolean markup = it.getAttribute(MessageFormat.Field.ARGUMENT) instanceof Integer i
          && i < args.length && args[i] instanceof Markup;
      StringBuilder run = new StringBuilder();
      while (it.getIndex() < limit) {
        run.append(it.current());
        it.next();
      }
      out.append(markup ? run : Html.escape(run.toString()));
    }
    return out.toString();
  }

  private MessageFormat format(String key) {
    return new MessageFormat(bundle.getString(key), language);
  }

  private static ResourceBundle load(Locale locale) {
    try {
      // No fallback to the JVM's default locale: the settings alone choose the language.
      return ResourceBundle.getBundle(BUNDLE, locale, EmailCopy.class.getClassLoader(),
          ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    } catch (MissingResourceException e) {
      throw configuration("the email wording (" + BUNDLE + ") is not on the class path", e);
    }
  }

  private static EvidenceException configuration(String message, @Nullable Throwable cause) {
    return new EvidenceException(ErrorCode.CONFIGURATION, message, cause);
  }

  /** HTML we made ourselves (an anchor, a {@code <strong>}), put into a sentence without escaping. */
  record Markup(String html) {
    @Override
    public String toString() {
      return html;
    }
  }
}
