package io.evidencekit.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * The source's answer to a deletion: the recording is gone from the platform.
 *
 * @param consultation the consultation
 * @param recording the recording deleted
 * @param deletedAt when the source deleted it (the first time, when asked again)
 * @param confirmation the platform's own reference for the deletion, for the custody log; no secrets
 */
public record DeletionReceipt(ConsultationId consultation, RecordingId recording, Instant deletedAt,
    String confirmation) {
  public DeletionReceipt {
    Objects.requireNonNull(consultation, "consultation");
    Objects.requireNonNull(recording, "recording");
    Objects.requireNonNull(deletedAt, "deletion time");
    VideoChecks.line(confirmation, "deletion confirmation", 300);
  }
}
