package io.evidencekit.core.ingest;

import io.evidencekit.api.Actor;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.Declaration;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.Limits;
import io.evidencekit.api.Receipt;
import io.evidencekit.api.RequestState;
import io.evidencekit.api.Sha256;
import io.evidencekit.api.Submission;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.api.SubmissionPolicy;
import io.evidencekit.api.SubmissionState;
import io.evidencekit.api.UploadKey;
import io.evidencekit.core.custody.CustodyEvents;
import io.evidencekit.core.custody.CustodyLog;
import io.evidencekit.core.custody.PendingEvent;
import io.evidencekit.core.internal.Database;
import io.evidencekit.core.internal.EngineClock;
import io.evidencekit.core.internal.Ids;
import io.evidencekit.core.notify.Outbox;
import io.evidencekit.core.request.RequestService;
import io.evidencekit.core.request.RequestStore;
import io.evidencekit.spi.StoredBlob;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The public side of a request: start a submission, add and remove files, declare and submit.
 * Every call carries the link's token and is checked against it. Engine-internal; thread-safe.
 */
public final class SubmissionService {
  /** Open drafts one link may hold; the portal carries on in the newest, so more means misuse. */
  public static final int MAX_OPEN_DRAFTS_PER_LINK = 3;
  /** A draft unchanged this long (no file added or removed) may be closed as abandoned. */
  public static final java.time.Duration ABANDON_IDLE_DRAFTS_AFTER = java.time.Duration.ofDays(2);
  private static final Actor DRAFT_SWEEPER = new Actor.SystemActor("draft-sweep");

  private final Database db;
  private final EngineClock clock;
  private final CustodyLog custody;
  private final Outbox outbox;
  private final RequestService requests;
  private final RequestStore requestStore;
  private final SubmissionStore store;
  private final IngestPipeline pipeline;
  private final Limits limits;
  private final Deduplication deduplication;
  private final Ids ids;

  public SubmissionService(Database db, EngineClock clock, CustodyLog custody, Outbox outbox, RequestService requests,
      RequestStore requestStore, SubmissionStore store, IngestPipeline pipeline, Limits limits, Ids ids) {
    this.ids = ids;
    this.db = db;
    this.clock = clock;
    this.custody = custody;
    this.outbox = outbox;
    this.requests = requests;
    this.requestStore = requestStore;
    this.store = store;
    this.pipeline = pipeline;
    this.limits = limits;
    this.deduplication = Deduplication.of(pipeline);
  }

  /**
   * Starts a draft through a link. A link holds at most {@link #MAX_OPEN_DRAFTS_PER_LINK} open drafts:
   * at the bound, drafts idle for {@link #ABANDON_IDLE_DRAFTS_AFTER} are closed as abandoned first, and
   * if none is, the start is refused (LIMIT_EXCEEDED). Drafts of the request's earlier, ended links are
   * closed here too. A single-use link ({@link SubmissionPolicy#ONCE}) that has sent a submission is
   * refused with SUBMISSION_CLOSED.
   */
  public SubmissionId start(String token) {
    SubmissionId id = new SubmissionId(ids.next());
    return db.inTransaction(h -> {
      RequestService.Resolved link = requests.resolveUsable(h, token);
      // Serialises starts through one request, so concurrent starts cannot pass the bound together.
      requestStore.lock(h, link.request().id());
      Instant now = clock.now();
      if (link.request().submissionPolicy() == SubmissionPolicy.ONCE
          && store.submittedThrough(h, link.invitation().id()) > 0) {
        throw new EvidenceException(ErrorCode.SUBMISSION_CLOSED, "this link was for one submission and has been used");
      }
      List<PendingEvent> events = new ArrayList<>();
      for (SubmissionStore.OpenDraft ended : store.draftsOfEndedLinks(h, link.request().id(), now)) {
        abandon(h, ended, now, "link ended", events);
      }
      List<SubmissionStore.OpenDraft> open = store.openDrafts(h, link.invitation().id());
      int stillOpen = open.size();
      if (stillOpen >= MAX_OPEN_DRAFTS_PER_LINK) {
        Instant idleBefore = now.minus(ABANDON_IDLE_DRAFTS_AFTER);
        for (SubmissionStore.OpenDraft d : open) {
          if (d.lastActivity().isBefore(idleBefore)) {
            abandon(h, d, now, "idle", events);
            stillOpen--;
          }
        }
      }
      if (stillOpen >= MAX_OPEN_DRAFTS_PER_LINK) {
        throw new EvidenceException(ErrorCode.LIMIT_EXCEEDED,
            "a link may have at most " + MAX_OPEN_DRAFTS_PER_LINK + " unfinished submissions");
      }
      Submission draft = new Submission(id, link.request().id(),
          Optional.of(link.invitation().id()), SubmissionState.DRAFT, List.of(), Optional.empty(), Optional.empty(), now,
          Optional.empty());
      store.insert(h, draft);
      events.add(CustodyEvents.submissionStarted(now, submitter(link), link.request().id(), draft.id().toString(),
          Optional.empty()));
      custody.append(h, events);
      return draft.id();
    });
  }

  /** The link's open draft that changed most recently, if any: where a returning visitor carries on. Reads only. */
  public Optional<SubmissionId> currentDraft(String token) {
    return db.read(h -> {
      RequestService.Resolved link = requests.resolveUsable(h, token);
      return store.openDrafts(h, link.invitation().id()).stream().findFirst().map(SubmissionStore.OpenDraft::id);
    });
  }

  /** How many submissions were sent through the link a token opens. Reads only. */
  public int submittedThrough(RequestService.Resolved link) {
    return db.read(h -> store.submittedThrough(h, link.invitation().id()));
  }

  /**
   * Closes drafts nobody can or will finish: their link ended, or they have not changed for
   * {@link #ABANDON_IDLE_DRAFTS_AFTER}. Each becomes ABANDONED with a custody event; files already
   * received stay in custody. Handles at most {@code limit} drafts; returns how many it closed.
   */
  public int sweepAbandonedDrafts(int limit) {
    return db.inTransaction(h -> {
      Instant now = clock.now();
      List<PendingEvent> events = new ArrayList<>();
      int closed = 0;
      for (SubmissionStore.OpenDraft d : store.abandonable(h, now, now.minus(ABANDON_IDLE_DRAFTS_AFTER), limit)) {
        closed += abandon(h, d, now, "abandoned", events);
      }
      custody.append(h, events);
      return closed;
    });
  }

  private int abandon(Handle h, SubmissionStore.OpenDraft draft, Instant now, String cause, List<PendingEvent> events) {
    if (store.markAbandoned(h, draft.id()) == 0) {
      return 0;
    }
    events.add(CustodyEvents.submissionAbandoned(now, DRAFT_SWEEPER, draft.request(), draft.id().toString(), cause,
        draft.lastActivity()));
    return 1;
  }

  /**
   * Streams one file into the store and records it. The bytes are hashed as they are stored; the
   * item exists (and its custody event) only once the store has made them durable.
   */
  public EvidenceItem addFile(String token, SubmissionId submissionId, String fileName, String claimedType,
      InputStream content) {
    return addFile(token, submissionId, fileName, claimedType, content, -1);
  }

  /**
   * As {@link #addFile(String, SubmissionId, String, String, InputStream)} with the content's length
   * declared in advance (-1 if unknown), which lets the store send it in one request; content of
   * another length fails with UPLOAD_INTERRUPTED and records nothing.
   */
  public EvidenceItem addFile(String token, SubmissionId submissionId, String fileName, String claimedType,
      InputStream content, long declaredSize) {
    return addFile(token, submissionId, Optional.empty(), fileName, claimedType, content, declaredSize);
  }

  /**
   * As {@link #addFile(String, SubmissionId, String, String, InputStream, long)}; with a key, an item
   * already recorded under it in this submission is returned and the content is not read.
   */
  public EvidenceItem addFile(String token, SubmissionId submissionId, Optional<UploadKey> key, String fileName,
      String claimedType, InputStream content, long declaredSize) {
    String name = SubmittedText.fileName(fileName);
    String type = SubmittedText.contentType(claimedType);
    Optional<EvidenceItem> recorded = key.flatMap(k -> db.read(h -> recordedUnder(h, token, submissionId, k)));
    if (recorded.isPresent()) {
      return recorded.get();
    }
    long allowance = db.read(h -> {
      Draft draft = draft(h, token, submissionId);
      return allowance(draft.items());
    });
    StoredBlob fresh = pipeline.ingest(content, allowance, declaredSize, bytes -> {});
    return recordDeduplicated(token, submissionId, key, name, type, fresh, Optional.empty());
  }

  /**
   * Records a finished file that the caller staged durably on local disk (the portal's resumable
   * uploads), given the SHA-256 it computed while staging. The engine reads the file and hashes it
   * again before anything is stored, so the digest it records is its own; the store then adopts the
   * file without copying it when it can, else the file is streamed in as by {@link #addFile}. Same
   * limits, same record, same custody events as {@code addFile}. The caller deletes the file afterwards.
   */
  public EvidenceItem addStagedFile(String token, SubmissionId submissionId, String fileName, String claimedType,
      Path stagedFile, Sha256 sha256) {
    return addStagedFile(token, submissionId, Optional.empty(), fileName, claimedType, stagedFile, sha256);
  }

  /**
   * As {@link #addStagedFile(String, SubmissionId, String, String, Path, Sha256)}; with a key, an item
   * already recorded under it in this submission is returned without reading the file (a replay after a
   * crash between recording and the caller noting it), provided it has the same digest.
   */
  public EvidenceItem addStagedFile(String token, SubmissionId submissionId, Optional<UploadKey> key, String fileName,
      String claimedType, Path stagedFile, Sha256 sha256) {
    return addStaged(token, submissionId, key, fileName, claimedType, stagedFile, sha256, false);
  }

  /**
   * As {@link #addStagedFile(String, SubmissionId, Optional, String, String, Path, Sha256)}, but a file the
   * store adopts in place is not read again: {@code sha256} is taken as computed by the portal while it
   * received the bytes (see {@link IngestPipeline#ingestStagedHashedByCaller}), and the item's custody event
   * says so ({@code sha256By}). A file the store must copy is hashed here as always.
   */
  public EvidenceItem addStagedFileHashedWhileStaging(String token, SubmissionId submissionId, UploadKey key,
      String fileName, String claimedType, Path stagedFile, Sha256 sha256) {
    return addStaged(token, submissionId, Optional.of(key), fileName, claimedType, stagedFile, sha256, true);
  }

  private EvidenceItem addStaged(String token, SubmissionId submissionId, Optional<UploadKey> key, String fileName,
      String claimedType, Path stagedFile, Sha256 sha256, boolean hashedWhileStaging) {
    String name = SubmittedText.fileName(fileName);
    String type = SubmittedText.contentType(claimedType);
    Optional<EvidenceItem> recorded = key.flatMap(k -> db.read(h -> recordedUnder(h, token, submissionId, k)));
    if (recorded.isPresent()) {
      return sameContent(recorded.get(), sha256);
    }
    long allowance = db.read(h -> allowance(draft(h, token, submissionId).items()));
    IngestPipeline.Staged staged = hashedWhileStaging
        ? pipeline.ingestStagedHashedByCaller(stagedFile, sha256, allowance)
        : new IngestPipeline.Staged(pipeline.ingestStaged(stagedFile, sha256, allowance), false);
    Optional<String> sha256By = staged.digestFromCaller()
        ? Optional.of(CustodyEvents.Received.PORTAL_WHILE_RECEIVING) : Optional.empty();
    return sameContent(recordDeduplicated(token, submissionId, key, name, type, staged.blob(), sha256By), sha256);
  }

  /**
   * The item recorded under {@code key} in this link's submission, whatever the submission's state and
   * whether or not the submitter removed it since: a replay must find what the first attempt recorded.
   */
  private Optional<EvidenceItem> recordedUnder(Handle h, String token, SubmissionId submissionId, UploadKey key) {
    RequestService.Resolved link = requests.resolveUsable(h, token);
    store.find(h, submissionId)
        .filter(s -> s.invitationId().equals(Optional.of(link.invitation().id())))
        .orElseThrow(SubmissionService::noSuchSubmission);
    return store.itemByUploadKey(h, submissionId, key);
  }

  private static EvidenceItem sameContent(EvidenceItem item, Sha256 expected) {
    if (!item.sha256().equals(expected)) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "this upload key was already used for another file");
    }
    return item;
  }

  /**
   * Records the item against the blob to keep (an earlier identical blob when the store does not
   * deduplicate by itself), then drops the fresh copy if the record did not use it.
   */
  private EvidenceItem recordDeduplicated(String token, SubmissionId submissionId, Optional<UploadKey> key, String name,
      String type, StoredBlob fresh, Optional<String> sha256By) {
    ItemId itemId = new ItemId(ids.next());
    Recorded added = db.inTransaction(h -> {
      Submission locked = store.lock(h, submissionId).orElseThrow(SubmissionService::noSuchSubmission);
      // Under the submission's lock: a concurrent call with the same key has either recorded it or waits.
      Optional<SubmissionStore.StoredItem> earlier = key.flatMap(k -> store.storedItemByUploadKey(h, submissionId, k));
      if (earlier.isPresent()) {
        return new Recorded(earlier.get().item(), new StoredBlob(earlier.get().blob(), earlier.get().item().size(),
            earlier.get().item().sha256()));
      }
      StoredBlob blob = deduplication.blobToRecord(h, fresh);
      return new Recorded(recordItem(h, token, locked, itemId, key, name, type, blob, sha256By), blob);
    });
    deduplication.discardIfUnused(fresh, added.blob());
    return added.item();
  }

  /** The item and its custody events for a blob that is already durable in the store. */
  private EvidenceItem recordItem(Handle h, String token, Submission locked, ItemId itemId, Optional<UploadKey> key,
      String name, String type, StoredBlob blob, Optional<String> sha256By) {
    SubmissionId submissionId = locked.id();
    Instant now = clock.now();
    RequestService.Resolved link = requests.resolveAny(h, token);
    requireDraft(locked);
    List<SubmissionStore.StoredItem> items = store.items(h, submissionId);
    // Checked again under the lock: concurrent uploads to one submission must not pass the limits together.
    if (blob.size() > allowance(items)) {
      throw new EvidenceException(ErrorCode.LIMIT_EXCEEDED, "the submission's file count or size limit was reached");
    }
    int position = h.createQuery("SELECT COUNT(*) FROM evidence_item WHERE submission_id = :s")
        .bind("s", submissionId.value()).mapTo(Integer.class).one();
    boolean first = position == 0;
    EvidenceItem item = new EvidenceItem(itemId, locked.requestId(), submissionId,
        blob.sha256(), blob.size(), name, type, now);
    store.insertItem(h, item, blob.id(), position, key, Optional.empty());
    store.touch(h, submissionId, now);
    List<PendingEvent> events = new ArrayList<>();
    Actor actor = submitter(link);
    if (first) {
      events.add(CustodyEvents.controllerHandover(now, actor, locked.requestId(), submissionId.toString(),
          Optional.empty()));
    }
    events.add(CustodyEvents.itemReceived(now, actor, locked.requestId(), item.id(), new CustodyEvents.Received(
        submissionId.toString(), name, Optional.empty(), blob.size(), blob.sha256().hex(), type, blob.id().value(),
        Optional.empty(), key.map(UploadKey::value), sha256By)));
    custody.append(h, events);
    return item;
  }

  /** The files a draft submission holds now, in the order received (removed files excluded). Reads only. */
  public List<EvidenceItem> draftItems(String token, SubmissionId submissionId) {
    return db.read(h -> draft(h, token, submissionId).items().stream().map(SubmissionStore.StoredItem::item).toList());
  }

  /** Takes a file out of a draft submission. Its bytes stay in custody; it just is not submitted. */
  public void removeFile(String token, SubmissionId submissionId, ItemId item) {
    db.inTransaction(h -> {
      Draft draft = draft(h, token, submissionId);
      Instant now = clock.now();
      if (store.markRemoved(h, submissionId, item, now) == 0) {
        throw new EvidenceException(ErrorCode.NOT_FOUND, "no such file in this submission");
      }
      store.touch(h, submissionId, now);
      custody.append(h, List.of(CustodyEvents.itemRemovedBySubmitter(now, submitter(draft.link()),
          draft.link().request().id(), item, submissionId.toString())));
      return null;
    });
  }

  /**
   * Declares and submits. Retrying a submit that already succeeded returns the same receipt and
   * changes nothing.
   */
  public Receipt submit(String token, SubmissionId submissionId, Optional<String> caption, Declaration declaration) {
    Optional<String> text = SubmittedText.caption(caption);
    return db.inTransaction(h -> {
      RequestService.Resolved any = requests.resolveAny(h, token);
      Submission locked = store.lock(h, submissionId)
          .filter(s -> s.invitationId().equals(Optional.of(any.invitation().id())))
          .orElseThrow(SubmissionService::noSuchSubmission);
      if (locked.state() == SubmissionState.SUBMITTED) {
        return receipt(any.request(), locked);
      }
      RequestService.Resolved link = requests.resolveUsable(h, token);
      requireDraft(locked);
      List<SubmissionStore.StoredItem> items = store.items(h, submissionId);
      if (items.isEmpty()) {
        throw new EvidenceException(ErrorCode.SUBMISSION_EMPTY, "add at least one file before submitting");
      }
      if (declaration.fileCount() != items.size()) {
        throw new EvidenceException(ErrorCode.DECLARATION_MISMATCH, "the declaration names " + declaration.fileCount()
            + " files but " + items.size() + " were received");
      }
      Instant now = clock.now();
      store.markSubmitted(h, submissionId, text, declaration, now);
      requestStore.updateState(h, link.request().id(), RequestState.EVIDENCE_RECEIVED);
      Submission submitted = store.find(h, submissionId).orElseThrow();
      Receipt receipt = receipt(link.request(), submitted);
      Actor actor = submitter(link);
      List<PendingEvent> events = new ArrayList<>(List.of(
          CustodyEvents.submissionDeclared(now, actor, link.request().id(), submissionId.toString(),
              declaration.fileCount(), Optional.empty()),
          CustodyEvents.submissionSubmitted(now, actor, link.request().id(), submissionId.toString(),
              items.stream().map(i -> i.item().id().toString()).toList(), text, Optional.empty())));
      if (link.request().submissionPolicy() == SubmissionPolicy.ONCE) {
        // The link is used up: any other draft it opened can never be sent.
        for (SubmissionStore.OpenDraft other : store.openDrafts(h, link.invitation().id())) {
          abandon(h, other, now, "link used", events);
        }
      }
      custody.append(h, events);
      outbox.enqueueSubmissionNotice(h, link.request(), receipt, link.request().recipient().name(), now);
      return receipt;
    });
  }

  private static Receipt receipt(EvidenceRequest request, Submission s) {
    return new Receipt(request.reference(), s.id(), s.submittedAt().orElseThrow(),
        s.items().stream().map(i -> new Receipt.Line(i.submittedName(), i.size(), i.sha256())).toList(),
        s.caption(), s.declaration().orElseThrow());
  }

  private record Recorded(EvidenceItem item, StoredBlob blob) {}

  private record Draft(RequestService.Resolved link, Submission submission, List<SubmissionStore.StoredItem> items) {}

  private Draft draft(Handle h, String token, SubmissionId id) {
    RequestService.Resolved link = requests.resolveUsable(h, token);
    Submission submission = store.find(h, id)
        .filter(s -> s.invitationId().equals(Optional.of(link.invitation().id())))
        .orElseThrow(SubmissionService::noSuchSubmission);
    requireDraft(submission);
    return new Draft(link, submission, store.items(h, id));
  }

  private long allowance(List<SubmissionStore.StoredItem> items) {
    if (items.size() >= limits.maxFilesPerSubmission()) {
      throw new EvidenceException(ErrorCode.LIMIT_EXCEEDED,
          "a submission may hold at most " + limits.maxFilesPerSubmission() + " files");
    }
    long used = items.stream().mapToLong(i -> i.item().size()).sum();
    long left = limits.maxBytesPerSubmission() - used;
    if (left <= 0) {
      throw new EvidenceException(ErrorCode.LIMIT_EXCEEDED,
          "a submission may hold at most " + limits.maxBytesPerSubmission() + " bytes");
    }
    return Math.min(limits.maxBytesPerFile(), left);
  }

  private static void requireDraft(Submission s) {
    if (s.state() == SubmissionState.ABANDONED) {
      // Closed by the sweep: to the public it is gone, and the portal starts afresh.
      throw noSuchSubmission();
    }
    if (s.state() != SubmissionState.DRAFT) {
      throw new EvidenceException(ErrorCode.SUBMISSION_CLOSED, "this submission was already submitted");
    }
  }

  private static Actor.PublicSubmitter submitter(RequestService.Resolved link) {
    return new Actor.PublicSubmitter(link.invitation().id(), link.request().recipient().name());
  }

  private static EvidenceException noSuchSubmission() {
    return new EvidenceException(ErrorCode.NOT_FOUND, "no such submission for this link");
  }
}
