package io.evidencekit.spi;

import io.evidencekit.api.Sha256;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One recording of a consultation, as the source lists it.
 *
 * @param id unique within its consultation
 * @param size the exact number of bytes {@link VideoSource#open} gives for it
 * @param mediaType what the platform says it is ({@code video/mp4}); a claim, never trusted for handling
 * @param platformChecksum the SHA-256 the platform computed, when it gives one; the engine checks its copy against it
 * @param state whether the source can stream it now
 */
public record Recording(RecordingId id, long size, String mediaType, Optional<Sha256> platformChecksum,
    RecordingState state) {
  private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}");

  public Recording {
    Objects.requireNonNull(id, "recording id");
    if (size < 0) {
      throw VideoChecks.invalid("a recording's size must not be negative");
    }
    VideoChecks.line(mediaType, "media type", 128);
    if (!MEDIA_TYPE.matcher(mediaType).matches()) {
      throw VideoChecks.invalid("a media type is type/subtype in lower case");
    }
    Objects.requireNonNull(platformChecksum, "platform checksum");
    Objects.requireNonNull(state, "recording state");
  }

  /** This recording in another state, e.g. as listed after its deletion. */
  public Recording withState(RecordingState newState) {
    return new Recording(id, size, mediaType, platformChecksum, newState);
  }
}
