package io.evidencekit.core;

import io.evidencekit.api.Actor;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.retention.LegalHold;
import io.evidencekit.api.video.ConsultationStatus;
import io.evidencekit.api.video.HeldConsultation;
import io.evidencekit.api.video.ImportReport;
import io.evidencekit.api.video.QualityOutcome;
import io.evidencekit.api.video.RecordingAtSource;
import io.evidencekit.api.video.Referral;
import io.evidencekit.api.video.SupervisorDecision;
import io.evidencekit.api.video.VideoImport;
import io.evidencekit.api.video.VideoImportListener;
import io.evidencekit.spi.ConsultationId;
import java.util.List;

/** The video import role. */
final class VideoImportRole implements VideoImport {
  private final EngineParts parts;
  private final Liveness liveness;
  private final BackgroundWork background;

  VideoImportRole(EngineParts parts, Liveness liveness, BackgroundWork background) {
    this.parts = parts;
    this.liveness = liveness;
    this.background = background;
  }

  @Override
  public ImportReport importNew(String reason, VideoImportListener listener) {
    throw notYet();
  }

  @Override
  public List<RecordingAtSource> stillAtSource() {
    throw notYet();
  }

  @Override
  public List<HeldConsultation> heldForDecision() {
    throw notYet();
  }

  @Override
  public ConsultationStatus status(ConsultationId consultation) {
    throw notYet();
  }

  @Override
  public ConsultationStatus decide(Actor.Officer by, ConsultationId consultation, SupervisorDecision decision,
      String reason) {
    throw notYet();
  }

  @Override
  public void recordQualityReview(Actor.Officer by, ConsultationId consultation, QualityOutcome outcome, String notes) {
    throw notYet();
  }

  @Override
  public List<LegalHold> referComplaint(Actor.Officer by, ConsultationId consultation, Referral kind, String reference,
      String reason) {
    throw notYet();
  }

  private EvidenceException notYet() {
    liveness.check();
    return new EvidenceException(ErrorCode.CONFIGURATION, "video import is not built yet");
  }
}
