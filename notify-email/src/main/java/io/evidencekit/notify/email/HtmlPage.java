package io.evidencekit.notify.email;

import java.util.Locale;

/** The frame around each HTML email: plain, readable and without remote content. */
final class HtmlPage {
  private HtmlPage() {}

  /** Opens the page in {@code language}, so screen readers pronounce it right. */
  static String open(String title, Locale language) {
    return "<!DOCTYPE html>\n<html lang=\"" + Html.escape(language.toLanguageTag()) + "\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<title>" + Html.escape(title) + "</title>\n</head>\n"
        + "<body style=\"font-family: Arial, sans-serif; font-size: 16px; line-height: 1.4;\">\n";
  }

  static String close() {
    return "</body>\n</html>\n";
  }
}
