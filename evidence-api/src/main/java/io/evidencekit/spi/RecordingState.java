package io.evidencekit.spi;

/** What the source holds of a recording it lists. */
public enum RecordingState {
  /** The source holds the recording's bytes and can stream them. */
  AVAILABLE,
  /** The platform knows the recording but its bytes are not there (never uploaded, lost): nothing to stream. */
  MISSING,
  /** The recording was deleted at the source, through {@link VideoSource#delete} or by the platform. */
  DELETED
}
