package io.evidencekit.portal.view;

/**
 * The portal's wording in the configured language, for templates: every sentence a page shows comes
 * from the message bundle through here, never from a template or Java code. Thread-safe.
 */
public interface Copy {
  /** The message {@code key}, formatted with {@code args} (java.text.MessageFormat). */
  String text(String key, Object... args);

  /** The page's language, for the HTML {@code lang} attribute (e.g. {@code en-GB}). */
  String lang();
}
