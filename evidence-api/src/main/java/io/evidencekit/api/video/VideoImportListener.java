package io.evidencekit.api.video;

import io.evidencekit.spi.ConsultationId;
import io.evidencekit.spi.RecordingId;

/**
 * Hears how an import pass goes, for a progress bar. Called on the importing thread; keep it quick. A
 * listener that throws stops the recording in progress as a failure would (nothing of it is recorded; the
 * next pass imports it).
 */
public interface VideoImportListener {
  /** Does nothing. */
  VideoImportListener NONE = new VideoImportListener() {};

  /** A page of consultations was listed: how many will be looked at now. */
  default void listed(int consultations) {}

  /** A recording is about to be streamed. */
  default void recordingStarted(ConsultationId consultation, RecordingId recording, long size) {}

  /** Bytes of the current recording read, hashed and stored so far. */
  default void progress(long bytesDone) {}

  /** What became of a consultation in this pass. */
  default void consultationFinished(ConsultationOutcome outcome) {}
}
