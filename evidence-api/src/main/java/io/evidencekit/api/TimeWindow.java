package io.evidencekit.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A window of time an officer asks footage from, for one camera or location: structured data beside the
 * request's prose description, used to warn a submitter whose footage does not overlap it. Immutable.
 *
 * @param label the camera or location, e.g. {@code Camera 1 (front door)}
 * @param from the window's start
 * @param to the window's end, after {@code from}
 */
public record TimeWindow(String label, Instant from, Instant to) {
  public static final int MAX_LABEL = 200;
  /** A request carries at most this many windows. */
  public static final int MAX_WINDOWS = 20;

  public TimeWindow {
    Validate.line(label, "time window label", MAX_LABEL);
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!to.isAfter(from)) {
      throw Validate.invalid("a time window ends after it starts");
    }
  }

  /** Whether a recording spanning {@code span} overlaps this window (touching counts). */
  public boolean overlaps(Span span) {
    return !span.to().isBefore(from) && !span.from().isAfter(to);
  }

  /** A recorded span: from its start to its end ({@code to} not before {@code from}). */
  public record Span(Instant from, Instant to) {
    public Span {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      if (to.isBefore(from)) {
        throw Validate.invalid("a span does not end before it starts");
      }
    }
  }
}
