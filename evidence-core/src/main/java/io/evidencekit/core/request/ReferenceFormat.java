package io.evidencekit.core.request;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.ForceReference;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A force's reference pattern such as {@code {force}/{seq:5}/{yy}}, giving {@code 46/00042/24}.
 * Placeholders: {@code {force}} the force code, {@code {seq:N}} the sequence zero-padded to N digits
 * (more digits when it outgrows N, so references never repeat), {@code {yy}} and {@code {yyyy}} the
 * year. The sequence restarts each year: its scope is the pattern rendered without the sequence.
 * Immutable and thread-safe.
 */
public final class ReferenceFormat {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)(?::([0-9]{1,2}))?}");

  private final String pattern;
  private final String forceCode;
  private final List<Part> parts;

  private sealed interface Part permits Literal, Force, Sequence, Year {}
  private record Literal(String text) implements Part {}
  private record Force() implements Part {}
  private record Sequence(int width) implements Part {}
  private record Year(int digits) implements Part {}

  public ReferenceFormat(String pattern, String forceCode) {
    if (forceCode.isBlank() || !forceCode.matches("[A-Za-z0-9-]{1,16}")) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "force code must be 1-16 letters, digits or '-'");
    }
    this.pattern = pattern;
    this.forceCode = forceCode;
    this.parts = parse(pattern);
    if (parts.stream().filter(p -> p instanceof Sequence).count() != 1) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "a reference pattern needs exactly one {seq:N}");
    }
  }

  private static List<Part> parse(String pattern) {
    List<Part> parts = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(pattern);
    int last = 0;
    while (m.find()) {
      if (m.start() > last) {
        parts.add(new Literal(pattern.substring(last, m.start())));
      }
      String width = m.group(2);
      parts.add(switch (m.group(1)) {
        case "force" -> new Force();
        case "seq" -> new Sequence(width == null ? 1 : Integer.parseInt(width));
        case "yy" -> new Year(2);
        case "yyyy" -> new Year(4);
        default -> throw new EvidenceException(ErrorCode.CONFIGURATION, "unknown placeholder {" + m.group(1) + "} in reference pattern");
      });
      last = m.end();
    }
    if (last < pattern.length()) {
      parts.add(new Literal(pattern.substring(last)));
    }
    for (Part part : parts) {
      if (part instanceof Literal l && (l.text().contains("{") || l.text().contains("}"))) {
        throw new EvidenceException(ErrorCode.CONFIGURATION, "malformed placeholder in reference pattern");
      }
    }
    return parts;
  }

  /** The scope within which sequence numbers count up: the reference with the sequence left out. */
  public String scope(ZonedDateTime at) {
    return render(at, -1);
  }

  public ForceReference format(ZonedDateTime at, long sequence) {
    if (sequence < 1) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "sequence starts at 1");
    }
    return new ForceReference(render(at, sequence));
  }

  private String render(ZonedDateTime at, long sequence) {
    StringBuilder out = new StringBuilder();
    for (Part part : parts) {
      if (part instanceof Literal l) {
        out.append(l.text());
      } else if (part instanceof Force) {
        out.append(forceCode);
      } else if (part instanceof Year y) {
        String year = Integer.toString(at.getYear());
        out.append(y.digits() == 2 ? year.substring(year.length() - 2) : year);
      } else if (part instanceof Sequence s) {
        if (sequence < 0) {
          out.append('#');
        } else {
          String digits = Long.toString(sequence);
          out.append("0".repeat(Math.max(0, s.width() - digits.length()))).append(digits);
        }
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return pattern + " (force " + forceCode + ")";
  }
}
