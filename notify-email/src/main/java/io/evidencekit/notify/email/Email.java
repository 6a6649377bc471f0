package io.evidencekit.notify.email;

import java.util.Objects;

/**
 * A rendered email, before it becomes MIME.
 *
 * @param subject one line; the sender still passes it through {@link HeaderText} before use
 * @param recipientName the display name for the To header, already a single line; may be empty
 */
record Email(String subject, String recipientName, String text, String html) {
  Email {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(recipientName, "recipientName");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(html, "html");
  }
}
