package io.evidencekit.core.ingest;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.Submission;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Cleans text that comes from a member of the public's device. A file name is kept as given, as
 * metadata only, except what no database can store (NUL and other control characters, unpaired
 * surrogates), which becomes U+FFFD so nothing is silently lost.
 */
final class SubmittedText {
  private static final Pattern MEDIA_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");
  static final String OPAQUE = "application/octet-stream";

  private SubmittedText() {}

  static String fileName(String name) {
    if (name.length() > EvidenceItem.MAX_NAME) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT,
          "a file name must be at most " + EvidenceItem.MAX_NAME + " characters (was " + name.length() + ")");
    }
    String cleaned = replaceUnstorable(name, false);
    return cleaned.isBlank() ? "(unnamed file)" : cleaned;
  }

  static String contentType(String claimed) {
    String type = claimed.strip();
    int semicolon = type.indexOf(';');
    if (semicolon >= 0) {
      type = type.substring(0, semicolon).strip();
    }
    return MEDIA_TYPE.matcher(type).matches() ? type.toLowerCase(java.util.Locale.ROOT) : OPAQUE;
  }

  static Optional<String> caption(Optional<String> caption) {
    if (caption.isEmpty() || caption.get().isBlank()) {
      return Optional.empty();
    }
    String text = caption.get().strip();
    int length = Submission.captionLength(text);
    if (length > Submission.MAX_CAPTION) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT,
          "the caption must be at most " + Submission.MAX_CAPTION + " characters (was " + length + ")");
    }
    return Optional.of(replaceUnstorable(text, true));
  }

  private static String replaceUnstorable(String s, boolean keepLineBreaks) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append('\uFFFD');
      } else if (keepLineBreaks && (c == '\n' || c == '\t')) {
        out.append(c);
      } else if (keepLineBreaks && c == '\r') {
        continue;
      } else if (c < 0x20 || c == 0x7f) {
        out.append('\uFFFD');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
