package io.evidencekit.tck.video;

import io.evidencekit.spi.Consultation;
import io.evidencekit.spi.RecordingId;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A consultation to publish and the bytes of its recordings. A recording without an entry in
 * {@code content} has no bytes at the platform; an entry shorter than the recording's size is a partial file.
 */
public record SampleConsultation(Consultation consultation, Map<RecordingId, byte[]> content) {
  public SampleConsultation {
    Objects.requireNonNull(consultation, "consultation");
    content = Map.copyOf(new HashMap<>(content));
  }

  /** The bytes published for a recording, if any; a copy. */
  public Optional<byte[]> bytes(RecordingId recording) {
    return Optional.ofNullable(content.get(recording)).map(byte[]::clone);
  }
}
