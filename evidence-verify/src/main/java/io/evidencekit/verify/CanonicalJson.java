package io.evidencekit.verify;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * RFC 8785 (JCS) canonical JSON for the value space custody events use: objects, strings and
 * integers. With that restriction JCS is exactly: members sorted by key in UTF-16 code-unit order,
 * no insignificant white space, strings with the minimal escapes, integers in plain decimal. The
 * encoding is part of the log's format: changing it breaks every proof, so it never changes. A verifier
 * uses it to recompute an event body's hash; the engine to write bodies and leaves. Thread-safe: no state.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  /**
   * Encodes an object whose values are String, Long, Integer or nested Maps; null values are omitted.
   * Any other value, or an integer beyond 2^53, is refused with {@code INVALID_INPUT}.
   */
  public static byte[] encode(Map<String, ?> object) {
    StringBuilder out = new StringBuilder(256);
    writeObject(out, object);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void writeObject(StringBuilder out, Map<String, ?> object) {
    // String.compareTo orders by UTF-16 code units, which is what RFC 8785 section 3.2.3 asks for.
    TreeMap<String, Object> sorted = new TreeMap<>();
    object.forEach((k, v) -> {
      if (v != null) {
        sorted.put(k, v);
      }
    });
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, Object> e : sorted.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      writeString(out, e.getKey());
      out.append(':');
      writeValue(out, e.getValue());
    }
    out.append('}');
  }

  @SuppressWarnings("unchecked")
  private static void writeValue(StringBuilder out, Object value) {
    if (value instanceof String s) {
      writeString(out, s);
    } else if (value instanceof Long || value instanceof Integer) {
      long n = ((Number) value).longValue();
      // I-JSON numbers are IEEE doubles: beyond 2^53 an integer would not round-trip.
      if (Math.abs(n) > (1L << 53)) {
        throw new EvidenceException(ErrorCode.INVALID_INPUT, "integer out of the exactly representable range");
      }
      out.append(n);
    } else if (value instanceof Map<?, ?> m) {
      writeObject(out, (Map<String, ?>) m);
    } else {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "unsupported JSON value type " + value.getClass().getName());
    }
  }

  /** Appends {@code s} as a JSON string, quoted and minimally escaped (RFC 8785 section 3.2.2.2). */
  public static void writeString(StringBuilder out, String s) {
    out.append('"');
    int plain = 0;
    while (plain < s.length()) {
      char c = s.charAt(plain);
      if (c < 0x20 || c == '"' || c == '\\') {
        break;
      }
      plain++;
    }
    // Most strings (ids, actions, hashes) need no escape: appended in one copy, not char by char.
    out.append(s, 0, plain);
    for (int i = plain; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
