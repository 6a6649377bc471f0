package io.evidencekit.core;

import io.evidencekit.api.Actor;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.RequestId;
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
import io.evidencekit.core.video.VideoImportService;
import io.evidencekit.spi.AccessAction;
import io.evidencekit.spi.ConsultationId;
import java.util.List;
import java.util.Objects;

/**
 * The video import role: passes on demand, the operations views, and the supervisor's acts, each asking the
 * access policy for the consultation's request ({@code DECIDE_VIDEO_CONSENT}, {@code REVIEW_VIDEO_QUALITY},
 * {@code LEGAL_HOLD}) and recording a refusal as every other role does.
 */
final class VideoImportRole implements VideoImport {
  private static final int MAX_NOTES = 4_000;
  private static final int MAX_REFERENCE = 100;

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
    String why = Reasons.require(reason);
    ImportReport report = service().pass(why, Objects.requireNonNull(listener, "listener"));
    if (report.recordingsImported() > 0) {
      background.nudgeScans();
      background.nudgeInspections();
      background.nudge();
    }
    return report;
  }

  @Override
  public List<RecordingAtSource> stillAtSource() {
    return service().stillAtSource();
  }

  @Override
  public List<HeldConsultation> heldForDecision() {
    return service().held();
  }

  @Override
  public ConsultationStatus status(ConsultationId consultation) {
    return service().status(Objects.requireNonNull(consultation, "consultation"));
  }

  @Override
  public ConsultationStatus decide(Actor.Officer by, ConsultationId consultation, SupervisorDecision decision,
      String reason) {
    VideoImportService video = service();
    String why = Reasons.require(reason);
    Objects.requireNonNull(decision, "decision");
    String rule = parts.access.require(by, AccessAction.DECIDE_VIDEO_CONSENT, request(video, consultation), why);
    ConsultationStatus status = video.decide(by, consultation, decision, rule, why);
    if (decision == SupervisorDecision.IMPORT) {
      background.nudgeScans();
      background.nudgeInspections();
      background.nudge();
    }
    return status;
  }

  @Override
  public void recordQualityReview(Actor.Officer by, ConsultationId consultation, QualityOutcome outcome, String notes) {
    VideoImportService video = service();
    Objects.requireNonNull(outcome, "outcome");
    if (notes == null || notes.isBlank() || notes.length() > MAX_NOTES) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a quality review needs notes of 1 to " + MAX_NOTES
          + " characters");
    }
    String rule = parts.access.require(by, AccessAction.REVIEW_VIDEO_QUALITY, request(video, consultation),
        "quality review");
    video.qualityReview(by, consultation, outcome, rule, notes);
  }

  @Override
  public List<LegalHold> referComplaint(Actor.Officer by, ConsultationId consultation, Referral kind, String reference,
      String reason) {
    VideoImportService video = service();
    String why = Reasons.require(reason);
    Objects.requireNonNull(kind, "kind");
    if (reference == null || reference.isBlank() || reference.length() > MAX_REFERENCE
        || reference.chars().anyMatch(Character::isISOControl)) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a referral reference is one line of 1 to " + MAX_REFERENCE
          + " characters");
    }
    parts.access.require(by, AccessAction.LEGAL_HOLD, request(video, consultation), why);
    return video.refer(by, consultation, kind, reference, why);
  }

  private VideoImportService service() {
    liveness.check();
    return parts.video.orElseThrow(() -> new EvidenceException(ErrorCode.CONFIGURATION,
        "this engine has no video source: build it with videoSource(...) and videoImportSettings(...)"));
  }

  private EvidenceRequest request(VideoImportService video, ConsultationId consultation) {
    RequestId id = video.requestOf(Objects.requireNonNull(consultation, "consultation"));
    return parts.db.read(h -> parts.requestStore.find(h, id))
        .orElseThrow(() -> new EvidenceException(ErrorCode.NOT_FOUND, "no such request"));
  }
}
