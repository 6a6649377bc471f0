package io.evidencekit.api.video;

import io.evidencekit.api.Actor;
import io.evidencekit.api.retention.LegalHold;
import io.evidencekit.spi.ConsultationId;
import java.util.List;

/**
 * Imports recorded video consultations from the engine's {@link io.evidencekit.spi.VideoSource} (the
 * engine's {@code videoImport()} role), and the supervisor's acts on them.
 *
 * <p><b>A pass</b> ({@link #importNew}) lists the consultations completed since the last pass and, for each:
 * <ul>
 *   <li>consent given and the recording notice given: streams every {@code AVAILABLE} recording through the
 *       normal ingest pipeline (hashed once while stored, durable before it is recorded) into the request the
 *       {@link RequestMapping} names, with custody events naming the platform as the source, the consent
 *       record as a custody event, and the configured retention category; scanning and media inspection are
 *       queued as for every other item;
 *   <li>no consent record, consent refused, or the caller not told it is recorded: nothing is imported as
 *       evidence; the consultation is held for a supervisor's {@link #decide decision} and listed by
 *       {@link #heldForDecision()};
 *   <li>a recording the platform lists {@code MISSING}: flagged in the report and never deleted at source;
 *       the consultation's other recordings are imported;
 * </ul>
 * then, for every recording imported, verifies the stored copy (our SHA-256 on a re-read, and the
 * platform's checksum when it gave one) and only then asks the source to delete it, and confirms the
 * deletion. A mismatch is a custody event and the recording stays at the source. A deletion that fails is
 * retried by later passes with backoff, and listed by {@link #stillAtSource()} until it succeeds.
 *
 * <p><b>Idempotent and safe with several engines.</b> Each recording is recorded once, whoever runs the pass
 * and however often (a unique key per platform, consultation and recording); a pass that stops half-way (a
 * crash, a source failing mid-stream) leaves nothing half-recorded, and the next pass finishes the work.
 *
 * <p>Every supervisor act asks the access policy for the consultation's request, needs a reason, and is a
 * custody event. Messages and events never name the caller or quote the consent. Thread-safe; failures are
 * {@code EvidenceException}s ({@code CONFIGURATION} when the engine was built without a video source).
 */
public interface VideoImport {

  /** One pass: new consultations imported or held, then due verifications and deletions at source. */
  default ImportReport importNew(String reason) {
    return importNew(reason, VideoImportListener.NONE);
  }

  /** As {@link #importNew(String)}, telling {@code listener} how each recording goes (a progress bar). */
  ImportReport importNew(String reason, VideoImportListener listener);

  /** Recordings imported (or due to be discarded) but still held at the source, oldest first, with their age. */
  List<RecordingAtSource> stillAtSource();

  /** Consultations held for a supervisor's decision (no consent, consent refused, no recording notice), oldest first. */
  List<HeldConsultation> heldForDecision();

  /** What the engine knows of a consultation it has listed ({@code NOT_FOUND} if none). */
  ConsultationStatus status(ConsultationId consultation);

  /**
   * A supervisor decides on a held consultation ({@code DECIDE_VIDEO_CONSENT}): {@link SupervisorDecision#IMPORT}
   * imports it at once as a pass would; {@link SupervisorDecision#DISCARD_AT_SOURCE} asks the source to
   * delete its recordings without importing them. The decision is a custody event. A consultation not held
   * is {@code INVALID_INPUT}.
   */
  ConsultationStatus decide(Actor.Officer by, ConsultationId consultation, SupervisorDecision decision, String reason);

  /** A supervisor's quality review of a consultation ({@code REVIEW_VIDEO_QUALITY}), recorded as a custody event. */
  void recordQualityReview(Actor.Officer by, ConsultationId consultation, QualityOutcome outcome, String notes);

  /**
   * A complaint or IPCO referral about a consultation ({@code LEGAL_HOLD}): a legal hold on every item imported
   * from it, and on every recording of it imported later. Answers the holds set now.
   *
   * @param reference the complaint's or referral's own reference (e.g. {@code CO/2026/0042})
   */
  List<LegalHold> referComplaint(Actor.Officer by, ConsultationId consultation, Referral kind, String reference,
      String reason);
}
