package io.evidencekit.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a media inspector read from a recording it recognised. Derived data: it describes the item, it is
 * never part of it. Immutable.
 *
 * @param container the container or format's short name(s) as the inspector reports them, e.g.
 *     {@code mov,mp4,m4a,3gp,3g2,mj2} or {@code matroska,webm}
 * @param duration how long it plays; empty when unknown, and when the file claims more than
 *     {@link #MAX_DURATION} (a header's claim is not trusted that far)
 * @param streams its streams in the container's order; may be empty (a container holding nothing)
 * @param creationTime the creation time embedded in the file (its {@code creation_time} tag), if any; the
 *     device's clock, which may be wrong or in another zone: a claim, not a fact
 * @param timecode the time code embedded in the file (e.g. {@code 01:00:00:00}), if any
 * @param decodes whether a short test decode of the first and last seconds worked
 */
public record MediaInfo(String container, Optional<Duration> duration, List<MediaStream> streams,
    Optional<Instant> creationTime, Optional<String> timecode, DecodeCheck decodes) {
  /** Longer than any single recording a member of the public would send: 31 days. */
  public static final Duration MAX_DURATION = Duration.ofDays(31);

  public MediaInfo {
    Validate.line(container, "container", 200);
    Objects.requireNonNull(duration, "duration");
    duration.ifPresent(d -> {
      if (d.isNegative() || d.compareTo(MAX_DURATION) > 0) {
        throw Validate.invalid("a duration is 0 to 31 days; report a longer claim as unknown");
      }
    });
    streams = List.copyOf(streams);
    Objects.requireNonNull(creationTime, "creationTime");
    Objects.requireNonNull(timecode, "timecode");
    timecode.ifPresent(t -> Validate.line(t, "timecode", 64));
    Objects.requireNonNull(decodes, "decodes");
  }

  /** Whether it holds a video stream. */
  public boolean hasVideo() {
    return streams.stream().anyMatch(s -> s.kind() == MediaStream.Kind.VIDEO);
  }

  /**
   * The time span the recording covers, read as starting at its embedded creation time and lasting its
   * duration; empty when either is unknown. (Devices differ on whether the tag marks the start or the end
   * of a recording; the span is a plain reading for people to check, not evidence of when.)
   */
  public Optional<TimeWindow.Span> span() {
    if (creationTime.isEmpty() || duration.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new TimeWindow.Span(creationTime.get(), creationTime.get().plus(duration.get())));
  }
}
