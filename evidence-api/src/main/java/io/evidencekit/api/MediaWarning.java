package io.evidencekit.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Something a submitter (and the officer) should know about a file before relying on it. Warnings never
 * block a submission; the portal and the officer's email word them from their message bundles.
 *
 * @param kind what is wrong
 * @param span the recording's span, for {@link Kind#OUTSIDE_WINDOW}
 * @param windows the windows it misses, for {@link Kind#OUTSIDE_WINDOW}
 */
public record MediaWarning(Kind kind, Optional<TimeWindow.Span> span, List<TimeWindow> windows) {

  /** The kinds of warning, most serious first. */
  public enum Kind {
    /** The file is empty, or plays for no time at all. */
    EMPTY,
    /** Not a video format we recognise: if the recorder exported a player with it, include the player. */
    NOT_RECOGNISED,
    /** A test decode failed: the file may be damaged or cut short. */
    DOES_NOT_DECODE,
    /** The recording's time span does not overlap any window the officer asked for. */
    OUTSIDE_WINDOW
  }

  public MediaWarning {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(span, "span");
    windows = List.copyOf(windows);
    if ((kind == Kind.OUTSIDE_WINDOW) != (span.isPresent() && !windows.isEmpty())) {
      throw Validate.invalid("an outside-window warning, and only that, names the span and the windows");
    }
  }

  /**
   * The warnings for an item of {@code size} bytes in {@code state} with {@code info} (when inspected),
   * against the request's {@code windows}. A recording without an embedded time, or a request without
   * windows, gets no window warning; an item not inspected yet gets none at all.
   */
  public static List<MediaWarning> of(long size, MediaState state, Optional<MediaInfo> info, List<TimeWindow> windows) {
    List<MediaWarning> out = new ArrayList<>();
    if (size == 0) {
      out.add(simple(Kind.EMPTY));
      return out;
    }
    if (state == MediaState.NOT_RECOGNISED) {
      out.add(simple(Kind.NOT_RECOGNISED));
      return out;
    }
    if (state != MediaState.INSPECTED || info.isEmpty()) {
      return out;
    }
    MediaInfo m = info.get();
    if (m.duration().map(d -> d.isZero()).orElse(false)) {
      out.add(simple(Kind.EMPTY));
    }
    if (m.decodes() == DecodeCheck.FAILS) {
      out.add(simple(Kind.DOES_NOT_DECODE));
    }
    Optional<TimeWindow.Span> span = m.span();
    if (span.isPresent() && !windows.isEmpty() && windows.stream().noneMatch(w -> w.overlaps(span.get()))) {
      out.add(new MediaWarning(Kind.OUTSIDE_WINDOW, span, windows));
    }
    return out;
  }

  private static MediaWarning simple(Kind kind) {
    return new MediaWarning(kind, Optional.empty(), List.of());
  }
}
