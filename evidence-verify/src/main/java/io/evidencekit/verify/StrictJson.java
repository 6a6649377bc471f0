package io.evidencekit.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON (RFC 8259) reader for the few JSON documents a verifier reads (proofs), so this
 * module needs no JSON library. Values come back as {@code Map<String, Object>} (members in order),
 * {@code List<Object>}, {@code String}, {@link Number}, {@code Boolean} and {@link #NULL}.
 *
 * <p>One spelling only: no comments, no trailing commas, no leading zeros, no unescaped control
 * characters, no duplicate member names, nothing after the value. Nesting is limited, so hostile input
 * cannot exhaust the stack. Every refusal is {@code INVALID_INPUT} naming a line and column, never
 * quoting the input. Not thread-safe; one per document.
 */
final class StrictJson {
  /** JSON {@code null}, distinct from a member that is absent. */
  static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  /** A JSON number as written: {@code integral} if it has no fraction and no exponent. */
  record Number(String text, boolean integral) {}

  private static final int MAX_DEPTH = 64;

  private final String text;
  private int at;

  private StrictJson(String text) {
    this.text = text;
  }

  /** The one value {@code text} holds. */
  static Object parse(String text) {
    StrictJson json = new StrictJson(text);
    json.whitespace();
    if (json.at == text.length()) {
      throw Hashes.invalid("the input is empty, not JSON");
    }
    Object value = json.value(0);
    json.whitespace();
    if (json.at != text.length()) {
      throw json.error("unexpected content after the JSON value");
    }
    return value;
  }

  private Object value(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nested more than " + MAX_DEPTH + " deep");
    }
    char c = peek();
    return switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", NULL);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw error("unexpected character");
      }
    };
  }

  private Map<String, Object> object(int depth) {
    at++; // {
    Map<String, Object> members = new LinkedHashMap<>();
    whitespace();
    if (peek() == '}') {
      at++;
      return members;
    }
    while (true) {
      whitespace();
      if (peek() != '"') {
        throw error("a member name (a string) was expected");
      }
      int nameAt = at;
      String name = string();
      whitespace();
      expect(':');
      whitespace();
      Object value = value(depth + 1);
      if (members.put(name, value) != null) {
        at = nameAt;
        throw error("a member name appears twice");
      }
      whitespace();
      char c = peek();
      at++;
      if (c == '}') {
        return members;
      }
      if (c != ',') {
        at--;
        throw error("',' or '}' was expected");
      }
    }
  }

  private List<Object> array(int depth) {
    at++; // [
    List<Object> values = new ArrayList<>();
    whitespace();
    if (peek() == ']') {
      at++;
      return values;
    }
    while (true) {
      whitespace();
      values.add(value(depth + 1));
      whitespace();
      char c = peek();
      at++;
      if (c == ']') {
        return values;
      }
      if (c != ',') {
        at--;
        throw error("',' or ']' was expected");
      }
    }
  }

  private String string() {
    at++; // "
    StringBuilder out = new StringBuilder();
    while (true) {
      if (at >= text.length()) {
        throw error("a string is not closed");
      }
      char c = text.charAt(at);
      if (c == '"') {
        at++;
        return out.toString();
      }
      if (c < 0x20) {
        throw error("a control character must be escaped in a string");
      }
      if (c != '\\') {
        out.append(c);
        at++;
        continue;
      }
      at++;
      char e = peek();
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (at + 5 > text.length()) {
            throw error("a \\u escape needs four hex digits");
          }
          int code = 0;
          for (int i = 1; i <= 4; i++) {
            int d = Character.digit(text.charAt(at + i), 16);
            if (d < 0) {
              throw error("a \\u escape needs four hex digits");
            }
            code = code * 16 + d;
          }
          out.append((char) code);
          at += 4;
        }
        default -> throw error("an unknown escape in a string");
      }
      at++;
    }
  }

  private Number number() {
    int start = at;
    if (peek() == '-') {
      at++;
    }
    if (peek() == '0') {
      at++;
    } else if (peek() >= '1' && peek() <= '9') {
      digits();
    } else {
      throw error("a digit was expected");
    }
    boolean integral = true;
    if (peek() == '.') {
      integral = false;
      at++;
      if (!(peek() >= '0' && peek() <= '9')) {
        throw error("a digit was expected after the decimal point");
      }
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      at++;
      if (peek() == '+' || peek() == '-') {
        at++;
      }
      if (!(peek() >= '0' && peek() <= '9')) {
        throw error("a digit was expected in the exponent");
      }
      digits();
    }
    return new Number(text.substring(start, at), integral);
  }

  private void digits() {
    while (peek() >= '0' && peek() <= '9') {
      at++;
    }
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, at)) {
      throw error("unexpected character");
    }
    at += word.length();
    return value;
  }

  private void whitespace() {
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      at++;
    }
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("'" + c + "' was expected");
    }
    at++;
  }

  /** The character at the cursor, or 0 at the end (never valid where a character is needed). */
  private char peek() {
    return at < text.length() ? text.charAt(at) : 0;
  }

  /** A refusal naming where (line and column from 1), not what: the input may be anything. */
  private RuntimeException error(String problem) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < Math.min(at, text.length()); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    String where = at >= text.length() ? "at the end of the input" : "at line " + line + ", column " + column;
    return Hashes.invalid("the proof is not valid JSON: " + problem + " " + where);
  }
}
