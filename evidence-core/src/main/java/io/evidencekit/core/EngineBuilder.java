package io.evidencekit.core;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.Limits;
import io.evidencekit.core.access.DefaultAccessPolicy;
import io.evidencekit.core.ingest.IngestPipeline;
import io.evidencekit.core.notify.DeliveryPolicy;
import io.evidencekit.core.request.ReferenceFormat;
import io.evidencekit.spi.AccessPolicy;
import io.evidencekit.spi.BlobStore;
import io.evidencekit.core.scan.ScanPolicy;
import io.evidencekit.spi.CheckpointSigner;
import io.evidencekit.spi.ContentScanner;
import io.evidencekit.spi.Notifier;
import io.evidencekit.spi.TimestampAuthority;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Builds an {@link EvidenceEngine} from explicit parts. Required: a database ({@link #dataSource} or
 * {@link #embeddedDatabase}), a {@link #blobStore}, the {@link #forceCode} and the {@link #portalLinkBase}.
 * Not thread-safe; build once.
 */
public final class EngineBuilder {
  /** Discs and USB drives carry whole CCTV systems' exports: many files, some very large. */
  static final Limits OFFICER_INGEST_LIMITS = new Limits(100_000, 1L << 40, 1L << 44);

  @Nullable DataSource dataSource;
  @Nullable Path embeddedDirectory;
  @Nullable BlobStore blobStore;
  final List<Notifier> notifiers = new ArrayList<>();
  Clock clock = Clock.systemUTC();
  SecureRandom random = new SecureRandom();
  Limits limits = Limits.DEFAULT;
  String referencePattern = "{force}/{seq:5}/{yy}";
  @Nullable String forceCode;
  Duration invitationValidity = Duration.ofDays(10);
  @Nullable URI linkBase;
  AccessPolicy accessPolicy = DefaultAccessPolicy.requestingOfficerAndSupervisors();
  DeliveryPolicy deliveryPolicy = DeliveryPolicy.DEFAULT;
  @Nullable ScheduledExecutorService deliveryExecutor;
  @Nullable Executor ingestExecutor;
  int ingestBufferBytes = IngestPipeline.DEFAULT_BUFFER_BYTES;
  Limits officerIngestLimits = OFFICER_INGEST_LIMITS;
  boolean manualDelivery;
  byte @Nullable [] outboxKey;
  Function<EvidenceRequest, Optional<URI>> caseLinks = r -> Optional.empty();
  @Nullable String logOrigin;
  @Nullable CheckpointSigner checkpointSigner;
  @Nullable TimestampAuthority timestampAuthority;
  @Nullable Duration checkpointEvery;
  final List<ContentScanner> scanners = new ArrayList<>();
  ScanPolicy scanPolicy = ScanPolicy.DEFAULT;
  boolean manualScanning;
  io.evidencekit.api.retention.@Nullable RetentionRules retentionRules;
  Duration disposalGrace = Duration.ofDays(7);
  io.evidencekit.spi.@Nullable MediaInspector mediaInspector;
  io.evidencekit.core.media.InspectionPolicy inspectionPolicy = io.evidencekit.core.media.InspectionPolicy.DEFAULT;
  boolean manualInspection;
  io.evidencekit.spi.@Nullable VideoSource videoSource;
  io.evidencekit.api.video.@Nullable VideoImportSettings videoImportSettings;

  EngineBuilder() {}

  /**
   * The custody log's origin: the first line of every checkpoint, naming the log, e.g.
   * {@code evidencekit.kent.police.example/custody} (no spaces, no '+'). Default
   * {@code evidencekit/<force code>/custody}.
   */
  public EngineBuilder logOrigin(String origin) {
    this.logOrigin = Objects.requireNonNull(origin);
    return this;
  }

  /**
   * Signs custody-log checkpoints (C2SP signed note). Give every engine on a database the same key, from
   * the host's secret store, an HSM or a KMS: auditors check checkpoints against the published key. The
   * default Ed25519 signer is {@code Ed25519CheckpointSigner.fromPrivateKey(origin, key)}. Without one the
   * engine generates a key that dies with it (a warning is logged): fine for tests, not for evidence.
   */
  public EngineBuilder checkpointSigner(CheckpointSigner signer) {
    this.checkpointSigner = Objects.requireNonNull(signer);
    return this;
  }

  /** Anchors every checkpoint with an RFC 3161 time-stamp (optional). */
  public EngineBuilder timestampAuthority(TimestampAuthority authority) {
    this.timestampAuthority = Objects.requireNonNull(authority);
    return this;
  }

  /**
   * Makes a signed checkpoint every {@code interval} if the log grew since the latest one, on the
   * engine's executor (the {@link #deliveryExecutor} if given, else a thread of the engine's own).
   */
  public EngineBuilder checkpointEvery(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "the checkpoint interval must be positive");
    }
    this.checkpointEvery = interval;
    return this;
  }

  /** A database the host manages (PostgreSQL in production; pooled). The engine migrates its schema. */
  public EngineBuilder dataSource(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource);
    return this;
  }

  /** The embedded default: an H2 database in files under {@code directory}, owned by the engine. */
  public EngineBuilder embeddedDatabase(Path directory) {
    this.embeddedDirectory = Objects.requireNonNull(directory);
    return this;
  }

  public EngineBuilder blobStore(BlobStore store) {
    this.blobStore = Objects.requireNonNull(store);
    return this;
  }

  /** Adds a notifier; for each channel the first notifier registered that supports it is used. */
  public EngineBuilder notifier(Notifier notifier) {
    this.notifiers.add(Objects.requireNonNull(notifier));
    return this;
  }

  public EngineBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock);
    return this;
  }

  /** The source of link tokens, ids and keys. */
  public EngineBuilder random(SecureRandom random) {
    this.random = Objects.requireNonNull(random);
    return this;
  }

  public EngineBuilder limits(Limits limits) {
    this.limits = Objects.requireNonNull(limits);
    return this;
  }

  /** The force's code, e.g. {@code 46}, used by the {@code {force}} placeholder of the reference pattern. */
  public EngineBuilder forceCode(String forceCode) {
    this.forceCode = Objects.requireNonNull(forceCode);
    return this;
  }

  /** The reference pattern; default {@code {force}/{seq:5}/{yy}}. See {@link ReferenceFormat}. */
  public EngineBuilder referencePattern(String pattern) {
    this.referencePattern = Objects.requireNonNull(pattern);
    return this;
  }

  /** How long a link works; default 10 days. */
  public EngineBuilder invitationValidity(Duration validity) {
    if (validity.isNegative() || validity.isZero()) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "invitation validity must be positive");
    }
    this.invitationValidity = validity;
    return this;
  }

  /** Where the portal answers links: the token is appended, e.g. {@code https://evidence.force.example/r/}. */
  public EngineBuilder portalLinkBase(URI base) {
    String s = base.toString();
    if (!(s.startsWith("https://") || s.startsWith("http://")) || !s.endsWith("/")) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "the portal link base must be an http(s) URL ending in '/'");
    }
    this.linkBase = base;
    return this;
  }

  public EngineBuilder accessPolicy(AccessPolicy policy) {
    this.accessPolicy = Objects.requireNonNull(policy);
    return this;
  }

  public EngineBuilder deliveryPolicy(DeliveryPolicy policy) {
    this.deliveryPolicy = Objects.requireNonNull(policy);
    return this;
  }

  /** Runs outbox delivery on the host's executor instead of a thread of the engine's own. */
  public EngineBuilder deliveryExecutor(ScheduledExecutorService executor) {
    this.deliveryExecutor = Objects.requireNonNull(executor);
    return this;
  }

  /**
   * Runs the writing side of each upload (see {@link IngestPipeline}): one task per upload in
   * progress, blocking until it ends, so the executor must be able to run as many at once as there are
   * concurrent uploads. Default: a cached pool of daemon threads owned (and shut down) by the engine.
   */
  public EngineBuilder ingestExecutor(Executor executor) {
    this.ingestExecutor = Objects.requireNonNull(executor);
    return this;
  }

  /** Size of each of the four buffers an upload uses; default 1 MiB. For tuning and benchmarks. */
  public EngineBuilder ingestBufferBytes(int bytes) {
    if (bytes < 8192 || bytes > (64 << 20)) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "the ingest buffer must be 8 KiB to 64 MiB");
    }
    this.ingestBufferBytes = bytes;
    return this;
  }

  /**
   * Limits for an officer's ingest from disc or USB ({@link EvidenceEngine#ingestFiles}); default
   * 100,000 files, 1 TiB per file, 16 TiB per ingest. The public's limits ({@link #limits}) do not apply.
   */
  public EngineBuilder officerIngestLimits(Limits limits) {
    this.officerIngestLimits = Objects.requireNonNull(limits);
    return this;
  }

  /** No background delivery: the host (or a test) calls {@link EvidenceEngine#deliverPendingNotifications()}. */
  public EngineBuilder manualDelivery() {
    this.manualDelivery = true;
    return this;
  }

  /**
   * The 32-byte key that seals link tokens while their message waits in the outbox. Give the same key
   * to every engine on a database, from the host's secret store; without one, an in-memory key is used
   * and links not yet delivered when the engine stops must be re-issued.
   */
  public EngineBuilder outboxKey(byte[] key) {
    if (key.length != 32) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "the outbox key must be 32 bytes");
    }
    this.outboxKey = key.clone();
    return this;
  }

  /** Where an officer views a request in the host system; put into the officer's notification. */
  public EngineBuilder caseLinks(Function<EvidenceRequest, Optional<URI>> links) {
    this.caseLinks = Objects.requireNonNull(links);
    return this;
  }

  /**
   * Adds a malware scanner; several may be chained, and every item is scanned by each one (each result and
   * version recorded). Without any, scanning is off: items stay "not scanned" and are served as before. The
   * engine does not close scanners: the host does, after closing the engine.
   */
  public EngineBuilder scanner(ContentScanner scanner) {
    this.scanners.add(Objects.requireNonNull(scanner));
    return this;
  }

  /** Retries, leases, batch size and how long the officer's notice waits for scans; see {@link ScanPolicy}. */
  public EngineBuilder scanPolicy(ScanPolicy policy) {
    this.scanPolicy = Objects.requireNonNull(policy);
    return this;
  }

  /** No background scanning: the host (a test, the CLI) calls {@code scanning().runDueScans(n)}. */
  public EngineBuilder manualScanning() {
    this.manualScanning = true;
    return this;
  }

  /**
   * The force's retention rules (categories, periods, the CPIA floor); without, the shipped defaults, which
   * a force must confirm. Read a rules file with {@code EngineSettingsFile} or build the records directly.
   */
  public EngineBuilder retentionRules(io.evidencekit.api.retention.RetentionRules rules) {
    this.retentionRules = Objects.requireNonNull(rules);
    return this;
  }

  /** Rules from a JSON file in the format of the shipped defaults ({@code CONFIGURATION} if it does not parse). */
  public EngineBuilder retentionRules(java.nio.file.Path jsonFile) {
    this.retentionRules = io.evidencekit.core.retention.RetentionRulesJson.read(jsonFile);
    return this;
  }

  /** How long a scheduled disposal may still be cancelled before a sweep carries it out (default 7 days). */
  public EngineBuilder disposalGrace(Duration grace) {
    if (grace.isNegative()) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "the disposal grace period must not be negative");
    }
    this.disposalGrace = grace;
    return this;
  }

  /**
   * The media inspector (e.g. media-ffprobe's {@code FfprobeInspector}) that tells what each received file
   * holds; see {@link io.evidencekit.api.Inspection}. Without one, inspection is off. The engine does not
   * close it: the host does, after closing the engine.
   */
  public EngineBuilder mediaInspector(io.evidencekit.spi.MediaInspector inspector) {
    this.mediaInspector = Objects.requireNonNull(inspector);
    return this;
  }

  /** Retries, leases, batch size and scratch space of media inspection. */
  public EngineBuilder inspectionPolicy(io.evidencekit.core.media.InspectionPolicy policy) {
    this.inspectionPolicy = Objects.requireNonNull(policy);
    return this;
  }

  /** No background inspection: the host (a test, the CLI) calls {@code inspection().runDueInspections(n)}. */
  public EngineBuilder manualInspection() {
    this.manualInspection = true;
    return this;
  }

  /**
   * The video consultation platform (or its export) that {@link EvidenceEngine#videoImport()} imports from,
   * with how ({@link #videoImportSettings}, required with a source). The engine does not close the source:
   * the host does, after closing the engine.
   */
  public EngineBuilder videoSource(io.evidencekit.spi.VideoSource source) {
    this.videoSource = Objects.requireNonNull(source);
    return this;
  }

  /** How video consultations are imported: the request mapping, retention category, page size, retries, interval. */
  public EngineBuilder videoImportSettings(io.evidencekit.api.video.VideoImportSettings settings) {
    this.videoImportSettings = Objects.requireNonNull(settings);
    return this;
  }

  ReferenceFormat referenceFormat() {
    return new ReferenceFormat(referencePattern, Objects.requireNonNull(forceCode));
  }

  public EvidenceEngine build() {
    if (dataSource == null && embeddedDirectory == null) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "a data source or an embedded database directory is required");
    }
    if (dataSource != null && embeddedDirectory != null) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "give either a data source or an embedded database, not both");
    }
    if (blobStore == null) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "a blob store is required");
    }
    if (forceCode == null) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "a force code is required");
    }
    if (linkBase == null) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "the portal link base is required");
    }
    if (videoSource != null && videoImportSettings == null) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "a video source needs video import settings");
    }
    referenceFormat();
    return new EvidenceEngine(this);
  }
}
