package io.evidencekit.api.video;

import io.evidencekit.api.RequestId;
import io.evidencekit.spi.ConsultationId;
import io.evidencekit.spi.RecordingId;
import java.util.List;
import java.util.Optional;

/**
 * What became of one consultation in one pass.
 *
 * @param request the request its recordings go to (empty when it could not be resolved)
 * @param imported recordings imported by this pass
 * @param missing recordings the platform lists as missing: flagged, never deleted at source
 * @param detail why, for an operator, when it did not import: never the caller or the consent
 */
public record ConsultationOutcome(ConsultationId consultation, Outcome outcome, Optional<RequestId> request,
    List<RecordingId> imported, List<RecordingId> missing, Optional<String> detail) {
  public enum Outcome {
    /** Every available recording is now recorded as evidence (some perhaps by an earlier pass). */
    IMPORTED,
    /** Recorded earlier; nothing new in this pass. */
    ALREADY_IMPORTED,
    /** No consent record, consent refused, or no recording notice: held for a supervisor's decision. */
    HELD_FOR_DECISION,
    /** A supervisor decided to discard it: deleted at source without import. */
    DISCARDED,
    /** A recording could not be read or stored this time (the source failed, storage failed): retried next pass. */
    FAILED
  }

  public ConsultationOutcome {
    Checks.present(consultation, "consultation");
    Checks.present(outcome, "outcome");
    Checks.present(request, "request");
    imported = List.copyOf(imported);
    missing = List.copyOf(missing);
    Checks.present(detail, "detail");
  }
}
