package io.evidencekit.media.ffprobe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evidencekit.api.DecodeCheck;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.MediaInfo;
import io.evidencekit.api.MediaStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Reads ffprobe's {@code -print_format json -show_format -show_streams} output. Every value is a claim of
 * the file's header: values that make no sense (a negative size, a duration past
 * {@link MediaInfo#MAX_DURATION}, a frame rate of 0/0) are left out rather than trusted. Stateless.
 */
final class ProbeJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What ffprobe saw, before the decode test. */
  record Probe(String container, Optional<Duration> duration, List<MediaStream> streams, Optional<Instant> creationTime,
      Optional<String> timecode) {
    MediaInfo withDecode(DecodeCheck decodes) {
      return new MediaInfo(container, duration, streams, creationTime, timecode, decodes);
    }

    boolean playable() {
      return streams.stream().anyMatch(s -> s.kind() != MediaStream.Kind.OTHER);
    }
  }

  private ProbeJson() {}

  /** Empty when the output is not ffprobe's JSON or names no format. */
  static Optional<Probe> parse(String output) {
    JsonNode root;
    try {
      root = JSON.readTree(output);
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
    if (root == null || !root.path("format").isObject()) {
      return Optional.empty();
    }
    JsonNode format = root.path("format");
    String container = text(format, "format_name").orElse("");
    if (container.isBlank() || container.length() > 200) {
      return Optional.empty();
    }
    List<MediaStream> streams = new ArrayList<>();
    Optional<Instant> created = instant(format.path("tags").path("creation_time"));
    Optional<String> timecode = timecode(format.path("tags").path("timecode"));
    Optional<Duration> duration = seconds(format.path("duration"));
    Duration longestStream = null;
    for (JsonNode s : root.path("streams")) {
      streams.add(stream(s));
      if (created.isEmpty()) {
        created = instant(s.path("tags").path("creation_time"));
      }
      if (timecode.isEmpty()) {
        timecode = timecode(s.path("tags").path("timecode"));
      }
      Optional<Duration> d = seconds(s.path("duration"));
      if (d.isPresent() && (longestStream == null || d.get().compareTo(longestStream) > 0)) {
        longestStream = d.get();
      }
    }
    if (duration.isEmpty() && format.path("duration").isMissingNode() && longestStream != null) {
      duration = Optional.of(longestStream);
    }
    return Optional.of(new Probe(container, duration, streams, created, timecode));
  }

  private static MediaStream stream(JsonNode s) {
    String codec = text(s, "codec_name").filter(c -> c.matches("[A-Za-z0-9_.-]{1,64}")).orElse("unknown");
    String type = text(s, "codec_type").orElse("");
    try {
      return switch (type) {
        case "video" -> new MediaStream(MediaStream.Kind.VIDEO, codec, positive(s.path("width")),
            positive(s.path("height")), rate(s.path("avg_frame_rate")).isPresent() ? rate(s.path("avg_frame_rate"))
                : rate(s.path("r_frame_rate")), OptionalInt.empty());
        case "audio" -> new MediaStream(MediaStream.Kind.AUDIO, codec, OptionalInt.empty(), OptionalInt.empty(),
            OptionalDouble.empty(), positive(s.path("channels")));
        default -> new MediaStream(MediaStream.Kind.OTHER, codec, OptionalInt.empty(), OptionalInt.empty(),
            OptionalDouble.empty(), OptionalInt.empty());
      };
    } catch (EvidenceException e) {
      return new MediaStream(MediaStream.Kind.OTHER, codec, OptionalInt.empty(), OptionalInt.empty(),
          OptionalDouble.empty(), OptionalInt.empty());
    }
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
  }

  private static OptionalInt positive(JsonNode v) {
    return v.canConvertToInt() && v.asInt() > 0 && v.asInt() <= 1_000_000 ? OptionalInt.of(v.asInt()) : OptionalInt.empty();
  }

  /** {@code 25/1}, {@code 30000/1001}; {@code 0/0} and nonsense are unknown. */
  private static OptionalDouble rate(JsonNode v) {
    if (!v.isTextual()) {
      return OptionalDouble.empty();
    }
    String[] parts = v.asText().split("/");
    try {
      double r = parts.length == 2 ? Double.parseDouble(parts[0]) / Double.parseDouble(parts[1])
          : Double.parseDouble(parts[0]);
      return r > 0 && r < 10_000 ? OptionalDouble.of(Math.round(r * 1000) / 1000.0) : OptionalDouble.empty();
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }

  /** A duration in seconds; empty when absent, not a number, negative or past the plausible maximum. */
  private static Optional<Duration> seconds(JsonNode v) {
    if (!v.isTextual() && !v.isNumber()) {
      return Optional.empty();
    }
    try {
      BigDecimal s = new BigDecimal(v.asText());
      if (s.signum() < 0 || s.compareTo(BigDecimal.valueOf(MediaInfo.MAX_DURATION.toSeconds())) > 0) {
        return Optional.empty();
      }
      return Optional.of(Duration.ofMillis(s.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact()));
    } catch (NumberFormatException | ArithmeticException e) {
      return Optional.empty();
    }
  }

  /** ISO-8601 with a zone, or {@code yyyy-MM-dd HH:mm:ss} (MP4 stores UTC); 1970 and earlier means unset. */
  private static Optional<Instant> instant(JsonNode v) {
    if (!v.isTextual()) {
      return Optional.empty();
    }
    String t = v.asText().strip();
    Instant at;
    try {
      at = Instant.parse(t);
    } catch (DateTimeParseException e) {
      try {
        at = LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
    return at.isAfter(Instant.parse("1971-01-01T00:00:00Z")) && at.isBefore(Instant.parse("2200-01-01T00:00:00Z"))
        ? Optional.of(at) : Optional.empty();
  }

  private static Optional<String> timecode(JsonNode v) {
    return v.isTextual() && v.asText().matches("[0-9]{1,2}:[0-9]{2}:[0-9]{2}[:;.][0-9]{1,3}")
        ? Optional.of(v.asText()) : Optional.empty();
  }
}
