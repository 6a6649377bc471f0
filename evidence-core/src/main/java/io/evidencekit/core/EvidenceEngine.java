package io.evidencekit.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.evidencekit.api.Actor;
import io.evidencekit.api.ByteRange;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.Declaration;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.ForceReference;
import io.evidencekit.api.IngestListener;
import io.evidencekit.api.Invitation;
import io.evidencekit.api.InvitationId;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.ItemUse;
import io.evidencekit.api.Limits;
import io.evidencekit.api.NewEvidenceRequest;
import io.evidencekit.api.OfficerIngest;
import io.evidencekit.api.PublicRequestView;
import io.evidencekit.api.Receipt;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.Sha256;
import io.evidencekit.api.Submission;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.core.access.AccessGuard;
import io.evidencekit.core.custody.AuditReport;
import io.evidencekit.core.custody.Checkpoints;
import io.evidencekit.core.custody.CustodyLog;
import io.evidencekit.core.custody.LogAuditor;
import io.evidencekit.core.custody.PendingEvent;
import io.evidencekit.core.custody.SignedCheckpoint;
import io.evidencekit.core.custody.TreeHead;
import io.evidencekit.core.custody.log.ConsistencyProof;
import io.evidencekit.core.custody.log.Ed25519CheckpointSigner;
import io.evidencekit.core.custody.log.InclusionProof;
import io.evidencekit.core.custody.log.NoteVerifierKey;
import io.evidencekit.core.ingest.IngestPipeline;
import io.evidencekit.core.ingest.ItemReader;
import io.evidencekit.core.ingest.OfficerIngestService;
import io.evidencekit.core.ingest.SubmissionService;
import io.evidencekit.core.ingest.SubmissionStore;
import io.evidencekit.core.internal.Database;
import io.evidencekit.core.internal.EmbeddedH2;
import io.evidencekit.core.internal.EngineClock;
import io.evidencekit.core.notify.Outbox;
import io.evidencekit.core.notify.OutboxWorker;
import io.evidencekit.core.notify.SecretSealer;
import io.evidencekit.core.request.RequestService;
import io.evidencekit.core.request.RequestStore;
import io.evidencekit.spi.AccessAction;
import io.evidencekit.spi.Channel;
import io.evidencekit.spi.CheckpointSigner;
import io.evidencekit.spi.Notifier;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one entry point a host system uses: officers create requests and read evidence, members of the
 * public (through a link's token) submit files, and every act lands in the custody log.
 *
 * <p>Thread-safe: any number of threads may call any method at once, and several engines may share
 * one PostgreSQL database and one blob store. All state is in the database and the store; an engine
 * holds only configuration. Officer methods take the acting officer and the reason they give, both
 * recorded; the {@link io.evidencekit.spi.AccessPolicy} decides, inside the engine, whether they may.
 *
 * <p>{@link #close()} is idempotent; it closes what the engine created (the embedded database, its own
 * delivery thread) and nothing the host passed in (data source, blob store, notifiers).
 */
public final class EvidenceEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EvidenceEngine.class);
  private static final int LIST_LIMIT = 1_000;

  private final Database db;
  private final EngineClock clock;
  private final CustodyLog custody;
  private final RequestStore requestStore;
  private final SubmissionStore submissionStore;
  private final RequestService requests;
  private final SubmissionService submissions;
  private final OfficerIngestService officerIngest;
  private final ItemReader reader;
  private final AccessGuard access;
  private final OutboxWorker outbox;
  private final Limits limits;
  private final @Nullable DataSource ownedDatabase;
  private final @Nullable ScheduledExecutorService ownedExecutor;
  private final @Nullable ScheduledExecutorService deliveryExecutor;
  private final @Nullable ScheduledFuture<?> deliveryTask;
  private final @Nullable ExecutorService ownedIngestExecutor;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final DataSource dataSource;
  private final Checkpoints checkpoints;
  private final @Nullable ScheduledExecutorService ownedCheckpointExecutor;
  private final @Nullable ScheduledFuture<?> checkpointTask;

  EvidenceEngine(EngineBuilder b) {
    this.clock = new EngineClock(b.clock);
    this.limits = b.limits;
    DataSource dataSource = b.dataSource != null ? b.dataSource : EmbeddedH2.open(b.embeddedDirectory);
    this.ownedDatabase = b.dataSource == null ? dataSource : null;
    this.dataSource = dataSource;
    this.db = Database.migrateAndOpen(dataSource);
    ObjectMapper json = new ObjectMapper();
    this.custody = new CustodyLog(json);
    long completed = db.inTransaction(custody::completeLeaves);
    if (completed > 0) {
      LOG.info("custody log: leaf hashes and tiles computed for {} events written before the log was a Merkle tree", completed);
    }
    this.checkpoints = newCheckpoints(b);
    this.requestStore = new RequestStore();
    this.submissionStore = new SubmissionStore();
    byte[] key = b.outboxKey;
    if (key == null) {
      key = new byte[32];
      b.random.nextBytes(key);
      LOG.warn("no outbox key configured: links still undelivered when this engine stops must be re-issued");
    }
    SecretSealer sealer = new SecretSealer(key, b.random);
    Outbox box = new Outbox(json, sealer, b.caseLinks);
    Set<Channel> channels = EnumSet.noneOf(Channel.class);
    b.notifiers.forEach(n -> channels.addAll(n.channels()));
    this.requests = new RequestService(db, clock, custody, box, requestStore, b.referenceFormat(), b.random,
        b.invitationValidity, b.linkBase, channels);
    this.ownedIngestExecutor = b.ingestExecutor == null ? newIngestPool() : null;
    IngestPipeline pipeline = new IngestPipeline(b.blobStore,
        b.ingestExecutor != null ? b.ingestExecutor : ownedIngestExecutor, b.ingestBufferBytes);
    this.submissions = new SubmissionService(db, clock, custody, box, requests, requestStore, submissionStore,
        pipeline, limits);
    this.officerIngest = new OfficerIngestService(db, clock, custody, box, requestStore, submissionStore, pipeline,
        b.officerIngestLimits);
    this.reader = new ItemReader(b.blobStore, db, clock, custody);
    this.access = new AccessGuard(b.accessPolicy, db, clock, custody);
    this.outbox = new OutboxWorker(db, clock, custody, json, sealer, b.notifiers, b.deliveryPolicy, b.random, b.linkBase);
    if (b.manualDelivery) {
      this.ownedExecutor = null;
      this.deliveryExecutor = null;
      this.deliveryTask = null;
    } else {
      this.ownedExecutor = b.deliveryExecutor == null ? newDeliveryThread() : null;
      this.deliveryExecutor = b.deliveryExecutor != null ? b.deliveryExecutor : ownedExecutor;
      long every = b.deliveryPolicy.pollInterval().toMillis();
      this.deliveryTask = deliveryExecutor.scheduleWithFixedDelay(this::deliverQuietly, 0, every, TimeUnit.MILLISECONDS);
    }
    if (b.checkpointEvery == null) {
      this.ownedCheckpointExecutor = null;
      this.checkpointTask = null;
    } else {
      ScheduledExecutorService on = b.deliveryExecutor != null ? b.deliveryExecutor : ownedExecutor;
      this.ownedCheckpointExecutor = on == null ? newDaemonThread("evidencekit-checkpoint") : null;
      long every = b.checkpointEvery.toMillis();
      this.checkpointTask = (on != null ? on : ownedCheckpointExecutor)
          .scheduleWithFixedDelay(this::checkpointQuietly, every, every, TimeUnit.MILLISECONDS);
    }
  }

  private Checkpoints newCheckpoints(EngineBuilder b) {
    String origin = b.logOrigin != null ? b.logOrigin : "evidencekit/" + b.forceCode + "/custody";
    CheckpointSigner signer = b.checkpointSigner;
    if (signer == null) {
      signer = Ed25519CheckpointSigner.generate(origin, b.random);
      LOG.warn("no checkpoint signer configured: signing custody checkpoints with a key generated now ({}), which is "
          + "lost when this engine stops; configure checkpointSigner(...) with the force's key", NoteVerifierKey.of(signer).vkey());
    }
    return new Checkpoints(db, clock, custody, origin, signer, Optional.ofNullable(b.timestampAuthority));
  }

  private static ScheduledExecutorService newDaemonThread(String name) {
    return java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  public static EngineBuilder builder() {
    return new EngineBuilder();
  }

  private static ScheduledExecutorService newDeliveryThread() {
    return java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "evidencekit-outbox");
      t.setDaemon(true);
      return t;
    });
  }

  /** Writer threads for uploads: created on demand, idle ones end after a minute, never keep the JVM alive. */
  private static ExecutorService newIngestPool() {
    java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
    return java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "evidencekit-ingest-writer-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  // ---------------------------------------------------------------- officer side

  /** Creates a request with the next force reference. No link is sent until {@link #issueInvitation}. */
  public EvidenceRequest createRequest(Actor.Officer by, NewEvidenceRequest spec) {
    open();
    return requests.create(by, spec);
  }

  /**
   * Issues a link for the request and queues it to the recipient; any earlier link stops working. The
   * returned value holds the token: this is the only time it exists outside the recipient's message.
   */
  public IssuedInvitation issueInvitation(Actor.Officer by, RequestId id, String reason) {
    open();
    EvidenceRequest request = load(id);
    access.require(by, AccessAction.MANAGE_REQUEST, request, reason);
    IssuedInvitation issued = requests.issue(by, request);
    nudgeDelivery();
    return issued;
  }

  /** Revokes a link at once. Revoking a link that already ended does nothing. */
  public void revokeInvitation(Actor.Officer by, RequestId id, InvitationId invitation, String reason) {
    open();
    EvidenceRequest request = load(id);
    access.require(by, AccessAction.MANAGE_REQUEST, request, reason);
    requests.revoke(by, request, invitation, requireReason(reason));
  }

  /** The requests this officer may see, newest first (at most 1,000); each one shown is a custody event. */
  public List<EvidenceRequest> listRequests(Actor.Officer by, String reason) {
    open();
    String why = requireReason(reason);
    List<EvidenceRequest> visible = db.read(h -> requestStore.list(h, LIST_LIMIT)).stream()
        .filter(r -> access.decide(by, AccessAction.VIEW_REQUEST, r).allowed())
        .toList();
    recordViews(by, visible, "list", why);
    return visible;
  }

  public EvidenceRequest request(Actor.Officer by, RequestId id, String reason) {
    return viewable(by, id, reason, "request");
  }

  public List<Invitation> invitations(Actor.Officer by, RequestId id, String reason) {
    viewable(by, id, reason, "invitations");
    return db.read(h -> requestStore.invitations(h, id));
  }

  public List<Submission> submissions(Actor.Officer by, RequestId id, String reason) {
    viewable(by, id, reason, "submissions");
    return db.read(h -> submissionStore.forRequest(h, id));
  }

  public List<CustodyEvent> custodyEvents(Actor.Officer by, RequestId id, String reason) {
    viewable(by, id, reason, "custody");
    return db.read(h -> custody.forRequest(h, id));
  }

  /**
   * Opens an item's bytes (all, or a range for seeking). The read is a custody event naming the
   * officer, the use and the reason. The caller closes the stream. A whole read is verified against
   * the hash taken at receipt and fails with INTEGRITY_FAILURE rather than return altered bytes.
   */
  public InputStream openItem(Actor.Officer by, ItemId id, ByteRange range, ItemUse use, String reason) {
    open();
    String why = requireReason(reason);
    SubmissionStore.StoredItem stored = db.read(h -> submissionStore.item(h, id))
        .orElseThrow(() -> new EvidenceException(ErrorCode.NOT_FOUND, "no such item"));
    EvidenceRequest request = load(stored.item().requestId());
    String rule = access.require(by, AccessAction.READ_ITEM, request, why);
    InputStream stream = reader.open(stored, range);
    try {
      Map<String, String> details = new TreeMap<>();
      details.put("rule", rule);
      details.put("range", range.isAll() ? "all" : range.offset() + "+" + range.length());
      details.put("sha256", stored.item().sha256().hex());
      CustodyAction action = use == ItemUse.VIEW ? CustodyAction.ITEM_VIEWED : CustodyAction.ITEM_DOWNLOADED;
      db.inTransaction(h -> custody.append(h, List.of(PendingEvent.about(clock.now(), by, action, request.id(), details)
          .withItem(id).withReason(why))));
      return stream;
    } catch (RuntimeException e) {
      closeQuietly(stream);
      throw e;
    }
  }

  /**
   * Ingests evidence that arrived on disc or USB: every regular file under {@code paths} (files or
   * folders; a CCTV export with its sub-folders and player is taken whole, as opaque bytes) goes into
   * one officer submission on the request, with the officer as the submitter. Same hashing, custody
   * events ({@code source=officer-ingest}, the relative path as metadata) and receipt as the portal;
   * the officer's ingest limits apply ({@link EngineBuilder#officerIngestLimits}). Needs the right to
   * manage the request.
   *
   * <p>Safe to stop and re-run: each file is recorded only once durable, in its own transaction; a
   * re-run resumes the unfinished submission and skips files whose relative path and SHA-256 this
   * officer already ingested into the request. Interrupting the calling thread stops the ingest at once,
   * discarding only the file in progress.
   */
  public OfficerIngest ingestFiles(Actor.Officer by, RequestId id, List<java.nio.file.Path> paths, String reason,
      IngestListener listener) {
    open();
    String why = requireReason(reason);
    EvidenceRequest request = load(id);
    access.require(by, AccessAction.MANAGE_REQUEST, request, why);
    OfficerIngest result = officerIngest.ingest(by, request, List.copyOf(paths), why, listener);
    nudgeDelivery();
    return result;
  }

  /** Finds a request by its force reference (e.g. {@code 46/00042/24}); the look-up is a custody event. */
  public EvidenceRequest requestByReference(Actor.Officer by, ForceReference reference, String reason) {
    open();
    RequestId id = db.read(h -> h.createQuery("SELECT id FROM evidence_request WHERE reference = :r")
            .bind("r", reference.value()).mapTo(java.util.UUID.class).findOne())
        .map(RequestId::new)
        .orElseThrow(() -> new EvidenceException(ErrorCode.NOT_FOUND, "no request " + reference.value()));
    return viewable(by, id, reason, "request");
  }

  // ---------------------------------------------------------------- public side (token holders)

  /**
   * What the link shows. Reads only: opening a link (as mail scanners do) never consumes or changes it.
   *
   * @throws EvidenceException INVITATION_UNKNOWN, INVITATION_EXPIRED or INVITATION_REVOKED
   */
  public PublicRequestView viewInvitation(String token) {
    open();
    RequestService.Resolved link = requests.resolveUsable(token);
    EvidenceRequest r = link.request();
    return new PublicRequestView(link.invitation().id(), r.reference(), r.recipient().name(), r.officer().displayName(),
        r.officer().email(), r.officer().phone(), r.description(), link.invitation().expiresAt(), limits,
        r.submissionPolicy(), submissions.submittedThrough(link));
  }

  /** Starts a submission (a batch of files) through a link. */
  public SubmissionId startSubmission(String token) {
    open();
    return submissions.start(token);
  }

  /**
   * Streams one file into the submission. The caller keeps ownership of {@code content} and closes it.
   * {@code fileName} and {@code claimedType} are what the submitter's device said; both are kept as
   * metadata only.
   */
  public EvidenceItem addFile(String token, SubmissionId submission, String fileName, String claimedType,
      InputStream content) {
    open();
    return submissions.addFile(token, submission, fileName, claimedType, content);
  }

  /**
   * Adds a file that the caller has already received and staged durably on local disk, with the
   * SHA-256 it computed while staging (the portal's resumable uploads use this). The engine reads the
   * file and hashes it again before storing anything, so the recorded digest is always the engine's own:
   * a different {@code sha256} fails with INTEGRITY_FAILURE and records nothing. When the blob store can
   * adopt the file ({@link io.evidencekit.spi.BlobStore#adopt}: the filesystem store, if the file is on
   * the same file system) its bytes are not written again; otherwise it is streamed in as by
   * {@link #addFile}. Same limits, same record and custody events as {@code addFile}.
   *
   * <p>The file must be complete and no longer written to. Afterwards the caller deletes it, whatever
   * the outcome: once adopted it may share its storage with the stored blob, so it must never be
   * written again.
   */
  public EvidenceItem addStagedFile(String token, SubmissionId submission, String fileName, String claimedType,
      java.nio.file.Path stagedFile, Sha256 sha256) {
    open();
    return submissions.addStagedFile(token, submission, fileName, claimedType, stagedFile, sha256);
  }

  /**
   * The files a draft submission holds now, in the order received, for a page that lists them (for
   * example after a reload). Reads only.
   *
   * @throws EvidenceException an INVITATION_* code, NOT_FOUND, or SUBMISSION_CLOSED once submitted
   */
  public List<EvidenceItem> draftItems(String token, SubmissionId submission) {
    open();
    return submissions.draftItems(token, submission);
  }

  /**
   * As {@link #addFile(String, SubmissionId, String, String, InputStream)} for content whose length is
   * declared in advance (an HTTP Content-Length, a tus Upload-Length, a file's size). An object store
   * can then send it in one request. Content of another length fails with {@code UPLOAD_INTERRUPTED}
   * and records nothing.
   */
  public EvidenceItem addFile(String token, SubmissionId submission, String fileName, String claimedType,
      InputStream content, long declaredSize) {
    open();
    if (declaredSize < 0) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a declared size cannot be negative");
    }
    return submissions.addFile(token, submission, fileName, claimedType, content, declaredSize);
  }

  public void removeFile(String token, SubmissionId submission, ItemId item) {
    open();
    submissions.removeFile(token, submission, item);
  }

  /** Declares and submits; the officer is notified. Retrying returns the same receipt. */
  public Receipt submit(String token, SubmissionId submission, Optional<String> caption, Declaration declaration) {
    open();
    Receipt receipt = submissions.submit(token, submission, caption, declaration);
    nudgeDelivery();
    return receipt;
  }

  // portal-hardening: the link's open draft, so a returning visitor carries on where they left off
  // instead of starting another (a link holds at most SubmissionService.MAX_OPEN_DRAFTS_PER_LINK).
  /**
   * The draft submission through this link that changed most recently, if one is open. Reads only.
   *
   * @throws EvidenceException INVITATION_UNKNOWN, INVITATION_EXPIRED or INVITATION_REVOKED
   */
  public Optional<SubmissionId> currentDraft(String token) {
    open();
    return submissions.currentDraft(token);
  }

  // portal-hardening: the portal's global link-guessing budget ran out.
  /**
   * Records, as a system custody event ({@link CustodyAction#LINK_GUESSING_SUSPECTED}), that failed link
   * look-ups from many addresses exhausted the portal's global budget. Counts only: no addresses, no tokens.
   */
  public void recordLinkGuessing(long failedLookups, int addresses, java.time.Instant since) {
    open();
    requests.recordLinkGuessing(failedLookups, addresses, since);
  }

  // portal-hardening: close drafts whose link ended or that lay idle (a host may schedule this).
  /**
   * Closes draft submissions that can no longer be finished (their link was re-issued, revoked or has
   * expired) or that have not changed for two days; each becomes {@code ABANDONED} with a custody event,
   * and files already received in it stay in custody. At most 1,000 per call; returns how many.
   */
  public int sweepAbandonedDrafts() {
    open();
    return submissions.sweepAbandonedDrafts(LIST_LIMIT);
  }

  // ---------------------------------------------------------------- operations

  /** Delivers every outbox message that is due now; returns how many were delivered. */
  public int deliverPendingNotifications() {
    open();
    return outbox.deliverDue();
  }

  /** Messages written but not yet delivered, rejected or abandoned. */
  public int pendingNotifications() {
    open();
    return outbox.pendingCount();
  }

  /** Number of events in the custody log. */
  public long custodyLogSize() {
    open();
    return db.read(custody::size);
  }

  /** Events of the whole log from {@code fromSequence}, at most {@code limit}; for auditors and tests. */
  public List<CustodyEvent> custodyLog(long fromSequence, int limit) {
    open();
    return db.read(h -> custody.range(h, fromSequence, limit));
  }

  public Limits limits() {
    return limits;
  }

  // ---------------------------------------------------------------- the verifiable log
  //
  // Proofs and checkpoints hold only hashes, sizes and ids (no names, no captions, no file names), so
  // anyone may have them: an officer preparing disclosure, the defence, an auditor, a court. Whoever
  // holds a checkpoint and the published key verifies them offline (ProofVerifier, or the evidencekit
  // CLI) without trusting this engine. Handing them out is therefore not an act on evidence and is not
  // recorded as a custody event; the host decides which of its users reach these methods.

  /** The size and root of the custody log now. */
  public TreeHead custodyTreeHead() {
    open();
    return db.read(custody::treeHead);
  }

  /**
   * Makes, signs (and, if configured, time-stamps) a checkpoint of the log as it is now, stores it and
   * returns it. Publish {@link SignedCheckpoint#text()}; with {@link #publicKey()} anyone can verify it.
   */
  public SignedCheckpoint checkpoint() {
    open();
    return checkpoints.make();
  }

  /** Every stored checkpoint, oldest first. */
  public List<SignedCheckpoint> checkpoints() {
    open();
    return checkpoints.list();
  }

  /** The newest stored checkpoint, if any. */
  public Optional<SignedCheckpoint> latestCheckpoint() {
    open();
    return checkpoints.latest();
  }

  /** The key that verifies this engine's checkpoints. */
  public NoteVerifierKey verifierKey() {
    return checkpoints.verifierKey();
  }

  /** The verifier key as a C2SP vkey line ({@code <name>+<hash>+<base64>}): what to publish. */
  public String publicKey() {
    return checkpoints.verifierKey().vkey();
  }

  /**
   * Proof that event {@code sequence} is in the log of {@code treeSize} events (the size of a
   * checkpoint the verifier holds). Serialise with {@code ProofJson.write}; the verifier recomputes
   * the leaf hash from the event ({@code CustodyLeaf.of(event)}) rather than trusting the proof's.
   *
   * @throws EvidenceException INVALID_INPUT if the sequence is not below {@code treeSize} or the log is
   *     smaller than {@code treeSize}
   */
  public InclusionProof inclusionProof(long sequence, long treeSize) {
    open();
    return db.read(h -> custody.inclusionProof(h, sequence, treeSize));
  }

  /** Proof that the log of {@code size2} events extends the log of {@code size1} (two checkpoints' sizes). */
  public ConsistencyProof consistencyProof(long size1, long size2) {
    open();
    return db.read(h -> custody.consistencyProof(h, size1, size2));
  }

  /**
   * Recomputes the whole log from the event rows and checks it against every stored checkpoint, trusting
   * the verifier keys recorded in the database. Reads only. See {@link LogAuditor}.
   */
  public AuditReport audit() {
    open();
    return LogAuditor.of(dataSource).audit(Optional.empty());
  }

  /** As {@link #audit()}, with every checkpoint required to be signed by {@code trustedKey}. */
  public AuditReport audit(NoteVerifierKey trustedKey) {
    open();
    return LogAuditor.of(dataSource).audit(Optional.of(trustedKey));
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (deliveryTask != null) {
      deliveryTask.cancel(false);
    }
    if (checkpointTask != null) {
      checkpointTask.cancel(false);
    }
    if (ownedCheckpointExecutor != null) {
      ownedCheckpointExecutor.shutdown();
      try {
        ownedCheckpointExecutor.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
      try {
        ownedExecutor.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (ownedIngestExecutor != null) {
      // Uploads still running finish or fail on their own; their writer threads are daemons.
      ownedIngestExecutor.shutdown();
    }
    if (ownedDatabase != null) {
      EmbeddedH2.shutdown(ownedDatabase);
    }
  }

  // ---------------------------------------------------------------- helpers

  private EvidenceRequest viewable(Actor.Officer by, RequestId id, String reason, String view) {
    open();
    String why = requireReason(reason);
    EvidenceRequest request = load(id);
    access.require(by, AccessAction.VIEW_REQUEST, request, why);
    recordViews(by, List.of(request), view, why);
    return request;
  }

  private void recordViews(Actor.Officer by, List<EvidenceRequest> requests, String view, String why) {
    if (requests.isEmpty()) {
      return;
    }
    List<PendingEvent> events = new ArrayList<>();
    for (EvidenceRequest r : requests) {
      events.add(PendingEvent.about(clock.now(), by, CustodyAction.REQUEST_VIEWED, r.id(), Map.of("view", view))
          .withReason(why));
    }
    db.inTransaction(h -> custody.append(h, events));
  }

  private EvidenceRequest load(RequestId id) {
    return db.read(h -> requestStore.find(h, id))
        .orElseThrow(() -> new EvidenceException(ErrorCode.NOT_FOUND, "no such request"));
  }

  private static String requireReason(String reason) {
    if (reason == null || reason.isBlank() || reason.length() > 500) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a reason of 1 to 500 characters is required");
    }
    return reason.strip();
  }

  private void open() {
    if (closed.get()) {
      throw new EvidenceException(ErrorCode.CLOSED, "the engine is closed");
    }
  }

  private void nudgeDelivery() {
    if (deliveryExecutor != null) {
      try {
        deliveryExecutor.execute(this::deliverQuietly);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // Shutting down: the message stays in the outbox for the next start.
      }
    }
  }

  private void deliverQuietly() {
    if (closed.get()) {
      return;
    }
    try {
      outbox.deliverDue();
    } catch (RuntimeException e) {
      LOG.warn("outbox delivery pass failed; will try again: {}", e.toString());
    }
  }

  private void checkpointQuietly() {
    if (closed.get()) {
      return;
    }
    try {
      checkpoints.makeIfGrown();
    } catch (RuntimeException e) {
      LOG.warn("scheduled custody checkpoint failed; will try again: {}", e.toString());
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (java.io.IOException ignored) {
      // The read failed already; the original error is the one that matters.
    }
  }
}
