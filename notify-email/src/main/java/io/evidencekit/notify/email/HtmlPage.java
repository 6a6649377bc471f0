package io.evidencekit.notify.email;

/** The frame around each HTML email: plain, readable and without remote content. */
final class HtmlPage {
  private HtmlPage() {}

  static String open(String title) {
    return "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<title>" + Html.escape(title) + "</title>\n</head>\n"
        + "<body style=\"font-family: Arial, sans-serif; font-size: 16px; line-height: 1.4;\">\n";
  }

  static String close() {
    return "</body>\n</html>\n";
  }
}
