package io.evidencekit.api;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One stream of a recording, as its container describes it. Immutable.
 *
 * @param kind video, audio or anything else (subtitles, data, time code tracks)
 * @param codec the codec's short name as the inspector reports it, e.g. {@code h264}; {@code unknown} when it gave none
 * @param width video only: pixels across, when known
 * @param height video only: pixels down, when known
 * @param frameRate video only: frames per second, when known
 * @param channels audio only: how many channels, when known
 */
public record MediaStream(Kind kind, String codec, OptionalInt width, OptionalInt height, OptionalDouble frameRate,
    OptionalInt channels) {

  /** What a stream carries. */
  public enum Kind { VIDEO, AUDIO, OTHER }

  public MediaStream {
    Objects.requireNonNull(kind, "kind");
    Validate.line(codec, "codec", 64);
    Objects.requireNonNull(width, "width");
    Objects.requireNonNull(height, "height");
    Objects.requireNonNull(frameRate, "frameRate");
    Objects.requireNonNull(channels, "channels");
    if (kind != Kind.VIDEO && (width.isPresent() || height.isPresent() || frameRate.isPresent())) {
      throw Validate.invalid("only a video stream has a size and a frame rate");
    }
    if (kind != Kind.AUDIO && channels.isPresent()) {
      throw Validate.invalid("only an audio stream has channels");
    }
    width.ifPresent(w -> Validate.positive(w, "width"));
    height.ifPresent(h -> Validate.positive(h, "height"));
    channels.ifPresent(c -> Validate.positive(c, "channels"));
    if (frameRate.isPresent() && !(frameRate.getAsDouble() > 0 && frameRate.getAsDouble() < 10_000)) {
      throw Validate.invalid("a frame rate is above 0 and below 10000");
    }
  }

  public static MediaStream video(String codec, int width, int height, double frameRate) {
    return new MediaStream(Kind.VIDEO, codec, OptionalInt.of(width), OptionalInt.of(height),
        OptionalDouble.of(frameRate), OptionalInt.empty());
  }

  public static MediaStream audio(String codec, int channels) {
    return new MediaStream(Kind.AUDIO, codec, OptionalInt.empty(), OptionalInt.empty(), OptionalDouble.empty(),
        OptionalInt.of(channels));
  }
}
