package io.evidencekit.core;

import io.evidencekit.api.Inspection;
import io.evidencekit.api.OfficerSide;
import io.evidencekit.api.Operations;
import io.evidencekit.api.PublicSide;
import io.evidencekit.api.Scanning;
import io.evidencekit.spi.DeliveryListener;
import java.time.Duration;

/**
 * The composition root: built once from explicit parts ({@link #builder()}), it hands out one role per
 * audience and owns the engine's lifecycle. Give each part of the host only the role it needs:
 *
 * <ul>
 *   <li>{@link #publicSide()}: what the holder of an invitation link may do; the only thing the
 *       internet-facing portal receives;
 *   <li>{@link #officers()}: what authenticated staff may do, each act checked by the access policy and
 *       recorded;
 *   <li>{@link #custody()}: the verifiable log (tree heads, checkpoints, proofs, audits; events only with
 *       the policy's consent);
 *   <li>{@link #operations()}: background work on demand, for operators and schedulers;
 *   <li>{@link #retention()}: retention rules, case facts, legal holds, reviews and disposal;
 *   <li>{@link #scanning()}: malware scanning and quarantine (status, scans on demand, the override);
 *   <li>{@link #inspection()}: media inspection (what each file holds, its still, inspections on demand);
 *   <li>{@link #videoImport()}: recorded video consultations imported from the video source, and the
 *       supervisor's acts on them (consent decisions, quality reviews, complaint and IPCO holds);
 *   <li>{@link #deliveryReceipts()}: delivery news pushed by a notification backend (GOV.UK Notify's
 *       delivery-receipt callback); the only thing that callback endpoint receives.
 * </ul>
 *
 * <p>Thread-safe: any number of threads may use any role at once, and several engines may share one
 * PostgreSQL database and one blob store. All state is in the database and the store; an engine holds
 * configuration and its background threads ({@code BackgroundWork}, daemon threads: the outbox delivery
 * loop, scheduled checkpoints, the ingest writers and the scan thread).
 *
 * <p>{@link #close()} is idempotent; it stops the engine's threads and closes what the engine created
 * (the embedded database) and nothing the host passed in (data source, blob store, notifiers, executors).
 * After it every role answers {@code CLOSED}.
 */
public final class EvidenceEngine implements AutoCloseable {
  private final Liveness liveness = new Liveness();
  private final BackgroundWork background;
  private final EngineParts parts;
  private final PublicSide publicSide;
  private final OfficerSide officers;
  private final Custody custody;
  private final Operations operations;
  private final Scanning scanning;
  private final DeliveryListener deliveryReceipts;
  private final Exports exports;
  private final io.evidencekit.api.retention.Retention retention;
  private final Inspection inspection;
  private final io.evidencekit.api.video.VideoImport videoImport;

  EvidenceEngine(EngineBuilder b) {
    boolean periodic = !b.manualDelivery || b.checkpointEvery != null
        || (b.videoImportSettings != null && b.videoImportSettings.every().isPresent());
    boolean backgroundScans = !b.scanners.isEmpty() && !b.manualScanning;
    boolean backgroundInspection = b.mediaInspector != null && !b.manualInspection;
    this.background = new BackgroundWork(b.deliveryExecutor, b.ingestExecutor, periodic, backgroundScans,
        backgroundInspection, liveness);
    try {
      this.parts = new EngineParts(b, background.ingestWriters());
    } catch (RuntimeException e) {
      background.close();
      throw e;
    }
    this.publicSide = new PublicSideRole(parts, liveness, background);
    this.officers = new OfficerRole(parts, liveness, background);
    this.custody = new CustodyRole(parts, liveness);
    this.operations = new OperationsRole(parts, liveness);
    this.deliveryReceipts = new DeliveryReceiptsRole(parts, liveness);
    this.scanning = new ScanningRole(parts, liveness, background);
    if (backgroundScans) {
      background.scanEvery(b.scanPolicy.pollInterval(), () -> {
        if (parts.scans.scanDueInBackground() > 0) {
          background.nudge(); // a notice may have been released
          background.nudgeScans(); // there may be more
        }
      });
    }
    this.inspection = new InspectionRole(parts, liveness);
    if (backgroundInspection) {
      background.inspectEvery(b.inspectionPolicy.pollInterval(), () -> {
        if (parts.media.inspectDueInBackground() > 0) {
          background.nudgeInspections(); // there may be more
        }
      });
    }
    this.exports = new ExportsRole(parts, liveness);
    this.retention = new RetentionRole(parts, liveness);
    this.videoImport = new VideoImportRole(parts, liveness, background);
    if (b.videoImportSettings != null && b.videoImportSettings.every().isPresent() && parts.video.isPresent()) {
      Duration every = b.videoImportSettings.every().get();
      // Once per interval across every engine on the database (scheduled_run), like the checkpoint.
      background.every(every, "scheduled video import", () -> parts.video.get().passIfDue(every));
    }
    if (!b.manualDelivery) {
      background.deliverEvery(b.deliveryPolicy.pollInterval(), parts.outbox::deliverDue);
      background.every(statusCheckInterval(b.deliveryPolicy.pollInterval()), "delivery status check",
          () -> parts.statusPoller.check(true));
      background.every(java.time.Duration.ofHours(1), "sweep of abandoned drafts", operations::sweepAbandonedDrafts);
    }
    if (b.checkpointEvery != null) {
      Duration every = b.checkpointEvery;
      // Once per interval across every engine on the database, not once per engine (issue 16).
      background.every(every, "scheduled custody checkpoint", () -> parts.checkpoints.makeIfDue(every));
    }
  }

  public static EngineBuilder builder() {
    return new EngineBuilder();
  }

  /** What the holder of an invitation link may do. Give the portal this and nothing else. */
  public PublicSide publicSide() {
    return publicSide;
  }

  /** What an officer may do; for code acting for staff the host has authenticated. */
  public OfficerSide officers() {
    return officers;
  }

  /** The verifiable custody log. */
  public Custody custody() {
    return custody;
  }

  /** Background work on demand. */
  public Operations operations() {
    return operations;
  }

  /** Malware scanning and quarantine: scan status, scans on demand, re-scans, the officer's override. */
  public Scanning scanning() {
    return scanning;
  }

  /** Media inspection: what each file holds (duration, span, decodes), its still, inspections on demand. */
  public Inspection inspection() {
    return inspection;
  }

  /** Disclosure packages (BagIt) of a request's or a submission's evidence, with custody events and proofs. */
  public Exports exports() {
    return exports;
  }

  /** Retention: rules, case facts, legal holds, reviews and disposal (the sweep runs from {@link #operations()}). */
  public io.evidencekit.api.retention.Retention retention() {
    return retention;
  }

  /**
   * Video consultations: import passes from the engine's video source, what is still at the source or held
   * for a decision, and the supervisor's acts. Answers {@code CONFIGURATION} if the engine has no video source.
   */
  public io.evidencekit.api.video.VideoImport videoImport() {
    return videoImport;
  }

  /**
   * Takes delivery news a notification backend pushes (GOV.UK Notify's delivery receipts): give it to the
   * callback endpoint, e.g. {@code new NotifyCallbackServlet(token, engine.deliveryReceipts())}. Each change
   * of a message's status becomes one custody event; a receipt repeated or arriving out of order records
   * nothing new. Thread-safe; throws (so the backend sends the receipt again later) when the news cannot be
   * recorded now.
   */
  public DeliveryListener deliveryReceipts() {
    return deliveryReceipts;
  }

  /** Looking for due status checks is one query: every 10 seconds, or less often if deliveries are polled less often. */
  private static Duration statusCheckInterval(Duration deliveryPoll) {
    Duration tenSeconds = Duration.ofSeconds(10);
    return deliveryPoll.compareTo(tenSeconds) > 0 ? deliveryPoll : tenSeconds;
  }

  @Override
  public void close() {
    if (!liveness.close()) {
      return;
    }
    background.close();
    parts.closeDatabase();
  }
}
