package io.evidencekit.notify.email;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/** The little HTML the emails need: escaping every dynamic value, and links only to http(s). */
final class Html {
  private Html() {}

  /** Escapes text for an element body or a quoted attribute value. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** The link as an escaped anchor, or empty when it is not an absolute http(s) URL (a {@code javascript:} link, say). */
  static Optional<String> anchor(URI link, String label) {
    if (!isWebLink(link)) {
      return Optional.empty();
    }
    return Optional.of("<a href=\"" + escape(link.toASCIIString()) + "\">" + escape(label) + "</a>");
  }

  static boolean isWebLink(URI link) {
    String scheme = link.getScheme();
    if (scheme == null || link.getHost() == null) {
      return false;
    }
    String lower = scheme.toLowerCase(Locale.ROOT);
    return lower.equals("https") || lower.equals("http");
  }
}
