package io.evidencekit.notify.govuk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The suggested Notify template texts the module ships (and its README shows). */
final class SuggestedTemplates {
  static final List<String> FILES =
      List.of("invitation-sms.txt", "invitation-email.txt", "submission-sms.txt", "submission-email.txt");

  private SuggestedTemplates() {}

  static String read(String file) {
    String path = "/io/evidencekit/notify/govuk/templates/" + file;
    try (InputStream in = SuggestedTemplates.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
