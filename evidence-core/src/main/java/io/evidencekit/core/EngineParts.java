package io.evidencekit.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.evidencekit.api.Limits;
import io.evidencekit.core.access.AccessGuard;
import io.evidencekit.core.custody.Checkpoints;
import io.evidencekit.core.custody.CustodyLog;
import io.evidencekit.verify.Ed25519CheckpointSigner;
import io.evidencekit.verify.NoteVerifierKey;
import io.evidencekit.core.ingest.IngestPipeline;
import io.evidencekit.core.ingest.ItemReader;
import io.evidencekit.core.ingest.OfficerIngestService;
import io.evidencekit.core.ingest.SubmissionService;
import io.evidencekit.core.ingest.SubmissionStore;
import io.evidencekit.core.internal.Database;
import io.evidencekit.core.internal.EmbeddedH2;
import io.evidencekit.core.internal.EngineClock;
import io.evidencekit.core.internal.Ids;
import io.evidencekit.core.notify.DeliveryHolds;
import io.evidencekit.core.notify.DeliveryTracker;
import io.evidencekit.core.notify.Notifiers;
import io.evidencekit.core.notify.Outbox;
import io.evidencekit.core.notify.OutboxWorker;
import io.evidencekit.core.notify.SecretSealer;
import io.evidencekit.core.notify.StatusPoller;
import io.evidencekit.core.request.RequestService;
import io.evidencekit.core.request.RequestStore;
import io.evidencekit.core.scan.ScanWorker;
import java.time.Duration;
import io.evidencekit.spi.Channel;
import io.evidencekit.spi.CheckpointSigner;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's services, wired once from a builder's parts: the database migrated and the log's leaves
 * completed, the keys chosen, every service constructed. Holds no threads ({@link BackgroundWork} does).
 * The roles share these; all of them are thread-safe.
 */
final class EngineParts {
  private static final Logger LOG = LoggerFactory.getLogger(EvidenceEngine.class);

  final Database db;
  final DataSource dataSource;
  final @Nullable DataSource ownedDatabase;
  final EngineClock clock;
  final Limits limits;
  final CustodyLog custody;
  final Checkpoints checkpoints;
  final RequestStore requestStore;
  final SubmissionStore submissionStore;
  final RequestService requests;
  final SubmissionService submissions;
  final OfficerIngestService officerIngest;
  final ItemReader reader;
  final AccessGuard access;
  final OutboxWorker outbox;
  final ScanWorker scans;
  final io.evidencekit.core.media.MediaWorker media;
  final DeliveryHolds deliveryHolds;
  final DeliveryTracker deliveries;
  final StatusPoller statusPoller;
  final io.evidencekit.core.retention.RetentionService retention;
  /** Present when the host gave a video source. */
  final Optional<io.evidencekit.core.video.VideoImportService> video;

  /** Wires everything; {@code ingestWriters} runs the pipeline's writer threads. */
  EngineParts(EngineBuilder b, Executor ingestWriters) {
    this.clock = new EngineClock(b.clock);
    this.limits = b.limits;
    DataSource source = b.dataSource != null ? b.dataSource : EmbeddedH2.open(b.embeddedDirectory);
    this.ownedDatabase = b.dataSource == null ? source : null;
    this.dataSource = source;
    try {
      this.db = Database.migrateAndOpen(source);
      ObjectMapper json = new ObjectMapper();
      this.custody = new CustodyLog(json);
      long completed = db.inTransaction(custody::completeLeaves);
      if (completed > 0) {
        LOG.info("custody log: leaf hashes and tiles computed for {} events written before the log was a Merkle tree",
            completed);
      }
      this.checkpoints = newCheckpoints(b);
      this.requestStore = new RequestStore();
      this.submissionStore = new SubmissionStore();
      Ids ids = new Ids(b.random);
      SecretSealer sealer = new SecretSealer(outboxKey(b), b.random);
      boolean scanning = !b.scanners.isEmpty();
      Outbox box = new Outbox(json, sealer, b.caseLinks, ids, scanning ? b.scanPolicy.noticeWait() : Duration.ZERO);
      Notifiers notifiers = new Notifiers(b.notifiers);
      Set<Channel> channels = notifiers.served();
      this.requests = new RequestService(db, clock, custody, box, requestStore, b.referenceFormat(), b.random,
          b.invitationValidity, b.linkBase, channels);
      IngestPipeline pipeline = new IngestPipeline(b.blobStore, ingestWriters, b.ingestBufferBytes);
      this.submissions = new SubmissionService(db, clock, custody, box, requests, requestStore, submissionStore,
          pipeline, limits, ids);
      this.officerIngest = new OfficerIngestService(db, clock, custody, box, requestStore, submissionStore, pipeline,
          b.officerIngestLimits, ids);
      this.reader = new ItemReader(b.blobStore, db, clock, custody);
      this.access = new AccessGuard(b.accessPolicy, db, clock, custody);
      this.deliveryHolds = new DeliveryHolds(db);
      this.outbox = new OutboxWorker(db, clock, custody, json, sealer, notifiers, deliveryHolds, b.deliveryPolicy,
          b.random, b.linkBase, scanning);
      this.deliveries = new DeliveryTracker(db, clock, custody, b.deliveryPolicy);
      this.statusPoller = new StatusPoller(db, clock, notifiers, deliveries);
      this.scans = new ScanWorker(db, clock, custody, box, reader, submissionStore, requestStore, b.scanners,
          b.scanPolicy, ids, b.random);
      this.retention = new io.evidencekit.core.retention.RetentionService(db, clock, custody,
          b.retentionRules != null ? b.retentionRules : io.evidencekit.core.retention.RetentionRulesJson.defaults(),
          b.disposalGrace, ids, new io.evidencekit.core.retention.Disposer(db, clock, custody, b.blobStore,
              new io.evidencekit.core.custody.BodyRedaction(json)));
      this.media = new io.evidencekit.core.media.MediaWorker(db, clock, custody, reader, b.blobStore, submissionStore,
          b.mediaInspector, b.inspectionPolicy, ids, b.random);
      if (b.mediaInspector != null) {
        outbox.includeMedia(submissionStore);
      }
      this.video = b.videoSource == null ? Optional.empty() : Optional.of(new io.evidencekit.core.video.VideoImportService(
          db, clock, custody, b.videoSource, java.util.Objects.requireNonNull(b.videoImportSettings), requests,
          requestStore, new io.evidencekit.core.ingest.VideoIngest(custody, box, requestStore, submissionStore, pipeline,
              b.officerIngestLimits.maxBytesPerFile()), reader, retention, ids));
    } catch (RuntimeException e) {
      closeDatabase();
      throw e;
    }
  }

  private static byte[] outboxKey(EngineBuilder b) {
    if (b.outboxKey != null) {
      return b.outboxKey;
    }
    byte[] key = new byte[32];
    b.random.nextBytes(key);
    LOG.warn("no outbox key configured: links still undelivered when this engine stops must be re-issued");
    return key;
  }

  private Checkpoints newCheckpoints(EngineBuilder b) {
    String origin = b.logOrigin != null ? b.logOrigin : "evidencekit/" + b.forceCode + "/custody";
    CheckpointSigner signer = b.checkpointSigner;
    if (signer == null) {
      signer = Ed25519CheckpointSigner.generate(origin, b.random);
      LOG.warn("no checkpoint signer configured: signing custody checkpoints with a key generated now ({}), which is "
          + "lost when this engine stops; configure checkpointSigner(...) with the force's key",
          NoteVerifierKey.of(signer).vkey());
    }
    return new Checkpoints(db, clock, custody, origin, signer, Optional.ofNullable(b.timestampAuthority));
  }

  /** Shuts down the embedded database if the engine opened it; idempotent. */
  void closeDatabase() {
    if (ownedDatabase != null) {
      EmbeddedH2.shutdown(ownedDatabase);
    }
  }
}
