package io.evidencekit.portal;

import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A form body ({@code application/x-www-form-urlencoded}) or query string read by the portal itself,
 * with its own bounds, so no container limit ("form too large") or parser error ever answers in the
 * container's words. Malformed percent-encoding and invalid UTF-8 become U+FFFD instead of failing.
 * Each field keeps its first value; a field's characters past {@code maxChars} are counted but not
 * kept. Reading stops at {@code maxBytes} and the form says it was {@link #truncated()}.
 */
final class FormBody {
  private final Map<String, String> values = new HashMap<>();
  private final Map<String, Integer> lengths = new HashMap<>();
  private final boolean truncated;

  private FormBody(boolean truncated) {
    this.truncated = truncated;
  }

  /** Reads at most {@code maxBytes} of {@code in} (the caller closes it). */
  static FormBody read(InputStream in, long maxBytes, int maxChars) throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    long total = 0;
    boolean truncated = false;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      if (total + n > maxBytes) {
        raw.write(buffer, 0, (int) (maxBytes - total));
        truncated = true;
        break;
      }
      raw.write(buffer, 0, n);
      total += n;
    }
    return parse(raw.toString(StandardCharsets.ISO_8859_1), maxChars, truncated);
  }

  /** Parses a raw (still percent-encoded) query string; null or empty gives an empty form. */
  static FormBody query(@Nullable String raw) {
    return parse(raw == null ? "" : raw, 200, false);
  }

  private static FormBody parse(String raw, int maxChars, boolean truncated) {
    FormBody form = new FormBody(truncated);
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (form.values.containsKey(name) || form.values.size() >= 32) {
        continue;
      }
      int length = value.codePointCount(0, value.length());
      form.lengths.put(name, length);
      form.values.put(name, length <= maxChars ? value : value.substring(0, value.offsetByCodePoints(0, maxChars)));
    }
    return form;
  }

  Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  @Nullable String value(String name) {
    return values.get(name);
  }

  /** The field's full length in code points, including any part not kept. */
  int length(String name) {
    return lengths.getOrDefault(name, 0);
  }

  /** Whether the body was longer than the bound: later fields are missing, the last one may be cut. */
  boolean truncated() {
    return truncated;
  }

  /** Percent-decoding and {@code +} as space, then UTF-8, with anything malformed replaced, never refused. */
  static String decode(String s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+') {
        bytes.write(' ');
      } else if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
        bytes.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
        i += 2;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        // Not valid in a form body or query: the raw octet (read as Latin-1) is kept as given.
        bytes.write(c & 0xff);
      }
    }
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try {
      return utf8.decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new EvidenceException(ErrorCode.INTERNAL, "a replacing decoder does not throw", e);
    }
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
