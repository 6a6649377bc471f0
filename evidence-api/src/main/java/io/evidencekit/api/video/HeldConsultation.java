package io.evidencekit.api.video;

import io.evidencekit.api.RequestId;
import io.evidencekit.spi.ConsultationId;
import java.time.Instant;

/**
 * A consultation held for a supervisor's decision; nothing of it is evidence yet and nothing is deleted at
 * the source.
 *
 * @param callReference the incident or call reference the officer attached
 * @param request the request it would go to, whose access rules govern the decision
 * @param recordings how many recordings the platform listed for it
 */
public record HeldConsultation(ConsultationId consultation, String callReference, RequestId request, HeldReason reason,
    Instant heldAt, int recordings) {
  /** Why a consultation is held. */
  public enum HeldReason {
    NO_CONSENT_RECORD,
    CONSENT_REFUSED,
    NO_RECORDING_NOTICE
  }

  public HeldConsultation {
    Checks.present(consultation, "consultation");
    Checks.line(callReference, "call reference", 64);
    Checks.present(request, "request");
    Checks.present(reason, "reason");
    Checks.present(heldAt, "held at");
    Checks.atLeast(recordings, 0, "recordings");
  }
}
