package io.evidencekit.core.video;

import io.evidencekit.api.Actor;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.NewEvidenceRequest;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.Sha256;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.api.retention.HoldTarget;
import io.evidencekit.api.retention.LegalHold;
import io.evidencekit.api.video.ConsultationOutcome;
import io.evidencekit.api.video.ConsultationStatus;
import io.evidencekit.api.video.HeldConsultation;
import io.evidencekit.api.video.ImportReport;
import io.evidencekit.api.video.QualityOutcome;
import io.evidencekit.api.video.RecordingAtSource;
import io.evidencekit.api.video.Referral;
import io.evidencekit.api.video.RequestMapping;
import io.evidencekit.api.video.SupervisorDecision;
import io.evidencekit.api.video.VideoImportListener;
import io.evidencekit.api.video.VideoImportSettings;
import io.evidencekit.core.custody.CustodyEvents;
import io.evidencekit.core.custody.CustodyLog;
import io.evidencekit.core.custody.PendingEvent;
import io.evidencekit.core.ingest.ItemReader;
import io.evidencekit.core.ingest.SubmissionStore;
import io.evidencekit.core.ingest.VideoIngest;
import io.evidencekit.core.internal.Backoff;
import io.evidencekit.core.internal.Database;
import io.evidencekit.core.internal.EngineClock;
import io.evidencekit.core.internal.Ids;
import io.evidencekit.core.internal.ScheduledRuns;
import io.evidencekit.core.request.RequestService;
import io.evidencekit.core.request.RequestStore;
import io.evidencekit.core.retention.RetentionService;
import io.evidencekit.spi.Consent;
import io.evidencekit.spi.ConsentDecision;
import io.evidencekit.spi.Consultation;
import io.evidencekit.spi.ConsultationId;
import io.evidencekit.spi.ConsultationPage;
import io.evidencekit.spi.DeletionReceipt;
import io.evidencekit.spi.RecordingId;
import io.evidencekit.spi.RefusedEntry;
import io.evidencekit.spi.StoredBlob;
import io.evidencekit.spi.VideoCursor;
import io.evidencekit.spi.VideoSource;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The video import (issue 12). A pass has three steps, each resumable on its own, because what is left to
 * do is in the rows of V11 and nowhere else:
 *
 * <ol>
 *   <li><b>List.</b> From the stored cursor, each new consultation is recorded in one transaction: its row
 *       (the primary key is the claim, so one engine records it), its recordings' rows, the consent event,
 *       and, without consent, the hold for a supervisor. The cursor moves only past a page whose every
 *       consultation is recorded, so nothing listed is ever skipped.
 *   <li><b>Import.</b> Each recording of a consultation being imported, not yet an item, is streamed through
 *       the ingest pipeline and recorded under its ingest key ({@link VideoIngest}): a second engine streaming
 *       the same recording at the same time finds it recorded and drops its copy. When every recording is in,
 *       the request is classified and the submission submitted.
 *   <li><b>Verify, then delete.</b> A recording imported is re-read from the store and hashed (and compared
 *       with the platform's checksum); only a matching copy is deleted at source, the deletion confirmed by
 *       {@code holds}, then recorded. Failures wait with a doubling backoff.
 * </ol>
 *
 * Messages and events never carry the caller's name or the consent, except the consent event, which is
 * the record of them (and whose personal details a disposal redacts). Engine-internal; thread-safe.
 */
public final class VideoImportService {
  /** The actor of what a pass does. */
  public static final Actor IMPORTER = new Actor.SystemActor("video-import");
  /** The scheduled pass's row in {@code scheduled_run} (V11). */
  static final String SCHEDULED = "video-import";
  private static final Logger LOG = LoggerFactory.getLogger(VideoImportService.class);
  private static final int MAX_PAGES_PER_PASS = 100;
  private static final int BATCH = 1_000;
  private static final int MAX_FAILURE = 500;

  private final Database db;
  private final EngineClock clock;
  private final CustodyLog custody;
  private final VideoSource source;
  private final VideoImportSettings settings;
  private final String platform;
  private final String sourceName;
  private final RequestService requests;
  private final RequestStore requestStore;
  private final VideoIngest ingest;
  private final ItemReader reader;
  private final RetentionService retention;
  private final Ids ids;
  private final ScheduledRuns runs;

  public VideoImportService(Database db, EngineClock clock, CustodyLog custody, VideoSource source,
      VideoImportSettings settings, RequestService requests, RequestStore requestStore, VideoIngest ingest,
      ItemReader reader, RetentionService retention, Ids ids) {
    this.db = db;
    this.clock = clock;
    this.custody = custody;
    this.source = source;
    this.settings = settings;
    this.platform = source.platform();
    this.sourceName = CustodyEvents.videoSource(platform);
    this.requests = requests;
    this.requestStore = requestStore;
    this.ingest = ingest;
    this.reader = reader;
    this.retention = retention;
    this.ids = ids;
    this.runs = new ScheduledRuns(db);
    settings.retentionCategory().ifPresent(c -> {
      if (retention.rules().category(c).isEmpty()) {
        throw new EvidenceException(ErrorCode.CONFIGURATION, "the video import's retention category " + c
            + " is not in the retention rules " + retention.rules().version());
      }
    });
  }

  /** Runs a pass if this engine wins the window of {@code every} (once per interval across engines). */
  public void passIfDue(Duration every) {
    if (runs.claim(SCHEDULED, clock.now(), every)) {
      ImportReport report = pass("scheduled video import", VideoImportListener.NONE);
      LOG.info("scheduled video import from {}: {} recordings imported, {} deleted at source, {} deletions failing",
          platform, report.recordingsImported(), report.deletedAtSource(), report.deletionsFailed());
    }
  }

  // ---- the pass -------------------------------------------------------------------------------------

  /** Counts of one pass, kept as it goes. */
  private static final class Tally {
    final Map<String, ConsultationOutcome> outcomes = new LinkedHashMap<>();
    int imported;
    int deleted;
    int deletionsFailed;
    int verificationsFailed;
    List<RefusedEntry> refused = List.of();
    Optional<String> listingFailure = Optional.empty();
  }

  public ImportReport pass(String reason, VideoImportListener listener) {
    Tally tally = new Tally();
    list(reason, listener, tally);
    for (VideoRows.ConsultationRow c : db.read(h -> VideoRows.consultations(h, platform, VideoRows.State.IMPORTING,
        BATCH))) {
      ConsultationOutcome outcome = importConsultation(c, reason, listener, tally);
      tally.outcomes.put(c.consultation(), outcome);
      listener.consultationFinished(outcome);
    }
    deleteDue(Optional.empty(), tally);
    return new ImportReport(List.copyOf(tally.outcomes.values()), tally.imported, tally.deleted,
        tally.deletionsFailed, tally.verificationsFailed, tally.refused, tally.listingFailure);
  }

  private void list(String reason, VideoImportListener listener, Tally tally) {
    Optional<VideoCursor> cursor = db.read(h -> VideoRows.cursor(h, platform));
    for (int page = 0; page < MAX_PAGES_PER_PASS; page++) {
      ConsultationPage listed;
      try {
        listed = source.list(cursor, settings.pageSize());
      } catch (IOException | RuntimeException e) {
        tally.listingFailure = Optional.of(failure("the video source could not be listed", e));
        return;
      }
      tally.refused = listed.refused();
      listener.listed(listed.consultations().size());
      boolean all = true;
      for (Consultation c : listed.consultations()) {
        Optional<ConsultationOutcome> outcome = record(c, reason, tally);
        if (outcome.isEmpty()) {
          all = false;
          continue;
        }
        if (outcome.get().outcome() != ConsultationOutcome.Outcome.IMPORTED) {
          tally.outcomes.put(c.id().value(), outcome.get());
          listener.consultationFinished(outcome.get());
        }
      }
      if (!all) {
        return; // this page is listed again next pass; what was recorded of it is recognised then
      }
      VideoCursor next = listed.next();
      db.inTransaction(h -> {
        VideoRows.saveCursor(h, platform, next, clock.now());
        return null;
      });
      if (!listed.more() || listed.consultations().isEmpty()) {
        return;
      }
      cursor = Optional.of(next);
    }
  }

  /**
   * Records a newly listed consultation: empty if it could not be (its request could not be found), so the
   * page is listed again; {@code IMPORTED} (meaning: to import in this pass) when consent allows it.
   */
  private Optional<ConsultationOutcome> record(Consultation c, String reason, Tally tally) {
    String id = c.id().value();
    Optional<VideoRows.ConsultationRow> known = db.read(h -> VideoRows.consultation(h, platform, id, false));
    if (known.isPresent()) {
      return Optional.of(earlier(known.get()));
    }
    RequestId request;
    try {
      RequestId mapped = requestFor(c);
      if (db.read(h -> requestStore.find(h, mapped)).isEmpty()) {
        throw new EvidenceException(ErrorCode.NOT_FOUND, "the request mapped for consultation " + id + " does not exist");
      }
      request = mapped;
    } catch (RuntimeException e) {
      ConsultationOutcome failed = new ConsultationOutcome(c.id(), ConsultationOutcome.Outcome.FAILED,
          Optional.empty(), List.of(), List.of(), Optional.of(failure("no request for the consultation", e)));
      tally.outcomes.put(id, failed);
      return Optional.empty();
    }
    Optional<HeldConsultation.HeldReason> held = heldReason(c.consent());
    List<RecordingId> missing = c.recordings().stream()
        .filter(r -> r.state() != io.evidencekit.spi.RecordingState.AVAILABLE).map(r -> r.id()).toList();
    boolean recorded = db.inTransaction(h -> {
      if (VideoRows.consultation(h, platform, id, false).isPresent()) {
        return false; // another engine recorded it meanwhile (this may be the retry after its insert won)
      }
      Instant now = clock.now();
      VideoRows.insertConsultation(h, platform, id, request, c.callReference(),
          held.isPresent() ? VideoRows.State.HELD : VideoRows.State.IMPORTING, held, now);
      for (int i = 0; i < c.recordings().size(); i++) {
        VideoRows.insertRecording(h, platform, id, c.recordings().get(i), i);
      }
      List<PendingEvent> events = new ArrayList<>();
      events.add(CustodyEvents.videoConsentRecorded(now, IMPORTER, request, consultationFacts(c)).withReason(reason));
      held.ifPresent(why -> events.add(CustodyEvents.videoHeldForDecision(now, IMPORTER, request, platform, id,
          why.name())));
      for (RecordingId r : missing) {
        events.add(CustodyEvents.videoRecordingMissing(now, IMPORTER, request, platform, id, r.value()));
      }
      custody.append(h, events);
      return true;
    });
    if (!recorded) {
      return Optional.of(earlier(db.read(h -> VideoRows.consultation(h, platform, id, false)).orElseThrow()));
    }
    ConsultationOutcome.Outcome outcome = held.isPresent()
        ? ConsultationOutcome.Outcome.HELD_FOR_DECISION : ConsultationOutcome.Outcome.IMPORTED;
    return Optional.of(new ConsultationOutcome(c.id(), outcome, Optional.of(request), List.of(), missing,
        held.map(h -> "held for a supervisor: " + h.name())));
  }

  /** A consultation listed again (a page listed twice, or by two engines): what became of it. */
  private static ConsultationOutcome earlier(VideoRows.ConsultationRow row) {
    ConsultationOutcome.Outcome outcome = switch (row.state()) {
      case IMPORTING -> ConsultationOutcome.Outcome.IMPORTED; // its recordings are imported in this pass
      case IMPORTED -> ConsultationOutcome.Outcome.ALREADY_IMPORTED;
      case HELD -> ConsultationOutcome.Outcome.HELD_FOR_DECISION;
      case DISCARDED -> ConsultationOutcome.Outcome.DISCARDED;
    };
    return new ConsultationOutcome(new ConsultationId(row.consultation()), outcome, Optional.of(row.request()),
        List.of(), List.of(), Optional.empty());
  }

  private static Optional<HeldConsultation.HeldReason> heldReason(Optional<Consent> consent) {
    if (consent.isEmpty()) {
      return Optional.of(HeldConsultation.HeldReason.NO_CONSENT_RECORD);
    }
    if (consent.get().decision() != ConsentDecision.GIVEN) {
      return Optional.of(HeldConsultation.HeldReason.CONSENT_REFUSED);
    }
    if (!consent.get().recordingNoticeGiven()) {
      return Optional.of(HeldConsultation.HeldReason.NO_RECORDING_NOTICE);
    }
    return Optional.empty();
  }

  private CustodyEvents.VideoConsultation consultationFacts(Consultation c) {
    return new CustodyEvents.VideoConsultation(platform, c.id().value(), c.callReference(), c.officer().userId(),
        c.caller(), c.start(), c.end(), c.recordings().size(), c.consent().map(k -> new CustodyEvents.VideoConsent(
            k.givenBy(), k.at(), k.method().name(), k.decision().name(), k.recordingNoticeGiven(), k.othersPresent(),
            k.collateralIntrusionNote())));
  }

  /** The request a newly listed consultation goes to, by the host's mapping. */
  private RequestId requestFor(Consultation c) {
    RequestMapping mapping = settings.requests();
    if (mapping instanceof RequestMapping.Existing existing) {
      return existing.requestFor().apply(c);
    }
    RequestMapping.PerCallReference perCall = (RequestMapping.PerCallReference) mapping;
    Optional<RequestId> known = db.read(h -> VideoRows.requestForCall(h, platform, c.callReference()));
    if (known.isPresent()) {
      return known.get();
    }
    NewEvidenceRequest spec = perCall.template().apply(c);
    EvidenceRequest created = requests.create(c.officer(), spec);
    // Two engines creating the first request of a call reference at once: one row wins, and the other's
    // request stays, empty (its creation is in the custody log); both import into the winner's.
    return db.inTransaction(h -> {
      Optional<RequestId> raced = VideoRows.requestForCall(h, platform, c.callReference());
      if (raced.isPresent()) {
        return raced.get();
      }
      VideoRows.insertRequestForCall(h, platform, c.callReference(), created.id());
      return created.id();
    });
  }

  // ---- import ---------------------------------------------------------------------------------------

  private ConsultationOutcome importConsultation(VideoRows.ConsultationRow c, String reason,
      VideoImportListener listener, Tally tally) {
    ConsultationId cid = new ConsultationId(c.consultation());
    EvidenceRequest request = db.read(h -> requestStore.find(h, c.request())).orElseThrow(
        () -> new EvidenceException(ErrorCode.INTERNAL, "the request of consultation " + cid + " is gone"));
    List<RecordingId> imported = new ArrayList<>();
    List<RecordingId> missing = new ArrayList<>();
    Optional<String> failed = Optional.empty();
    SubmissionId submission = c.submission().orElseGet(() -> new SubmissionId(ids.next()));
    for (VideoRows.RecordingRow r : db.read(h -> VideoRows.recordings(h, platform, c.consultation()))) {
      RecordingId rid = new RecordingId(r.recording());
      if (r.missing()) {
        missing.add(rid);
        continue;
      }
      if (r.item().isPresent()) {
        continue;
      }
      try {
        if (importRecording(c, r, request, submission, reason, listener)) {
          imported.add(rid);
          tally.imported++;
        }
      } catch (RuntimeException e) {
        if (e instanceof EvidenceException ee && ee.code() == ErrorCode.NOT_FOUND) {
          // Listed available, gone when asked: flagged as missing like one listed so, never deleted.
          db.inTransaction(h -> {
            VideoRows.markMissing(h, r);
            custody.append(h, List.of(CustodyEvents.videoRecordingMissing(clock.now(), IMPORTER, request.id(),
                platform, c.consultation(), r.recording())));
            return null;
          });
          missing.add(rid);
        } else {
          failed = Optional.of(failure("recording " + rid + " was not imported; the next pass tries again", e));
        }
      }
    }
    try {
      ensureReferralHolds(c.consultation());
    } catch (RuntimeException e) {
      // The items are recorded; the holds are set by the next pass (or refused for good: a disposed request).
      LOG.warn("consultation {} is under a referral but its new items could not be held yet: {}", c.consultation(),
          failure("legal hold", e));
    }
    if (failed.isPresent()) {
      return new ConsultationOutcome(cid, ConsultationOutcome.Outcome.FAILED, Optional.of(request.id()), imported,
          missing, failed);
    }
    finish(c, request, reason);
    return new ConsultationOutcome(cid, ConsultationOutcome.Outcome.IMPORTED, Optional.of(request.id()), imported,
        missing, Optional.empty());
  }

  /** Streams one recording and records it; false if it was recorded already (by another engine). */
  private boolean importRecording(VideoRows.ConsultationRow c, VideoRows.RecordingRow r, EvidenceRequest request,
      SubmissionId submission, String reason, VideoImportListener listener) {
    ConsultationId cid = new ConsultationId(c.consultation());
    RecordingId rid = new RecordingId(r.recording());
    listener.recordingStarted(cid, rid, r.size());
    StoredBlob fresh;
    try (InputStream in = source.open(cid, rid)) {
      fresh = ingest.stream(in, r.size(), listener::progress);
    } catch (IOException e) {
      throw new EvidenceException(ErrorCode.UPLOAD_INTERRUPTED, "the video source failed while giving recording "
          + rid + " of consultation " + cid, e);
    }
    ItemId itemId = new ItemId(ids.next());
    String name = name(c.consultation(), r.recording());
    VideoIngest.Recorded recorded = db.inTransaction(h -> {
      VideoRows.ConsultationRow locked = VideoRows.consultation(h, platform, c.consultation(), true).orElseThrow();
      SubmissionId into = locked.submission().orElse(submission);
      VideoIngest.Recorded x = ingest.record(h, IMPORTER, request, into, itemId, new VideoIngest.Recording(name,
          r.mediaType(), VideoIngest.ingestKey(platform, c.consultation(), r.recording())), fresh, sourceName,
          clock.now(), reason);
      VideoRows.setSubmission(h, platform, c.consultation(), x.item().submissionId());
      VideoRows.markImported(h, r, x.item().id(), clock.now());
      return x;
    });
    ingest.discardIfUnused(fresh, recorded);
    return !recorded.earlier();
  }

  /** The item's name: metadata only. */
  private static String name(String consultation, String recording) {
    String both = consultation + "/" + recording;
    return both.length() <= 255 ? both : recording;
  }

  /** Every recording in: the request classified, the submission submitted, the consultation imported. */
  private void finish(VideoRows.ConsultationRow c, EvidenceRequest request, String reason) {
    settings.retentionCategory().ifPresent(category -> {
      Optional<String> current = db.read(h -> h.createQuery(
              "SELECT category FROM retention_subject WHERE request_id = :r")
          .bind("r", request.id().value()).mapTo(String.class).findOne());
      if (!current.equals(Optional.of(category))) {
        retention.classify(IMPORTER, request.id(), category, "video consultation import from " + platform);
      }
    });
    db.inTransaction(h -> {
      VideoRows.ConsultationRow locked = VideoRows.consultation(h, platform, c.consultation(), true).orElseThrow();
      if (locked.state() != VideoRows.State.IMPORTING) {
        return null;
      }
      Instant now = clock.now();
      locked.submission().ifPresent(s -> ingest.submit(h, IMPORTER, request, s, sourceName,
          platform + " video consultation", now, reason));
      VideoRows.setState(h, platform, c.consultation(), VideoRows.State.IMPORTED, Optional.empty());
      return null;
    });
  }

  // ---- verify, then delete --------------------------------------------------------------------------

  private void deleteDue(Optional<String> onlyConsultation, Tally tally) {
    Instant now = clock.now();
    for (VideoRows.RecordingRow r : db.read(h -> VideoRows.deletionsDue(h, platform, now, BATCH))) {
      if (onlyConsultation.isPresent() && !onlyConsultation.get().equals(r.consultation())) {
        continue;
      }
      verifyAndDelete(r, tally);
    }
  }

  private void verifyAndDelete(VideoRows.RecordingRow r, Tally tally) {
    ConsultationId cid = new ConsultationId(r.consultation());
    RecordingId rid = new RecordingId(r.recording());
    RequestId request = db.read(h -> VideoRows.consultation(h, platform, r.consultation(), false)).orElseThrow()
        .request();
    Optional<Sha256> kept = Optional.empty();
    if (r.item().isPresent()) {
      SubmissionStore.StoredItem stored = db.read(h -> ingest.item(h, r.item().get())).orElseThrow(
          () -> new EvidenceException(ErrorCode.INTERNAL, "the item of recording " + rid + " is gone"));
      kept = Optional.of(stored.item().sha256());
      if (r.verifiedAt().isEmpty()) {
        Optional<Sha256> read;
        try {
          read = Optional.of(reread(stored));
        } catch (EvidenceException e) {
          if (e.code() != ErrorCode.INTEGRITY_FAILURE) {
            deletionFailed(r, tally, failure("the stored copy could not be re-read", e));
            return;
          }
          read = Optional.empty(); // the reader recorded the integrity failure; this records what it means here
        }
        Optional<String> platformSha = r.platformSha256();
        boolean ours = read.isPresent() && read.get().equals(stored.item().sha256());
        boolean theirs = platformSha.isEmpty() || platformSha.get().equalsIgnoreCase(stored.item().sha256().hex());
        if (!ours || !theirs) {
          String what = !ours ? "the stored copy does not match the SHA-256 recorded at import"
              : "the stored copy does not match the platform's checksum";
          String got = read.map(Sha256::hex).orElse("unreadable");
          boolean marked = db.inTransaction(h -> {
            if (!VideoRows.markVerificationFailed(h, r, what + "; kept at the source")) {
              return false;
            }
            custody.append(h, List.of(CustodyEvents.videoCopyMismatch(clock.now(), IMPORTER, request, r.item().get(),
                platform, r.consultation(), r.recording(), platformSha.isPresent() && ours ? platformSha.get()
                    : stored.item().sha256().hex(), got, platformSha)));
            return true;
          });
          if (marked) {
            tally.verificationsFailed++;
          }
          return;
        }
        db.inTransaction(h -> {
          VideoRows.markVerified(h, r, clock.now());
          return null;
        });
      }
    }
    int attempts = r.deleteAttempts() + 1;
    DeletionReceipt receipt;
    try {
      try {
        receipt = source.delete(cid, rid);
      } catch (EvidenceException e) {
        if (e.code() != ErrorCode.NOT_FOUND || source.holds(cid, rid)) {
          throw e;
        }
        receipt = new DeletionReceipt(cid, rid, clock.now(), "not known at the source when asked to delete");
      }
      if (source.holds(cid, rid)) {
        deletionFailed(r, tally, "the source answered the deletion but still holds the recording");
        return;
      }
    } catch (IOException | RuntimeException e) {
      deletionFailed(r, tally, failure("the source did not delete the recording", e));
      return;
    }
    DeletionReceipt done = receipt;
    Optional<Sha256> copy = kept;
    boolean recorded = db.inTransaction(h -> {
      if (!VideoRows.markDeleted(h, r, attempts, done.deletedAt(), done.confirmation())) {
        return false;
      }
      custody.append(h, List.of(CustodyEvents.videoDeletedAtSource(clock.now(), IMPORTER, request, r.item(), platform,
          r.consultation(), r.recording(), copy.map(Sha256::hex), r.item().isPresent() ? "verified copy kept"
              : "discarded", done.deletedAt(), done.confirmation())));
      return true;
    });
    if (recorded) {
      tally.deleted++;
    }
  }

  /** Reads the stored copy through the verifying reader and hashes it. */
  private Sha256 reread(SubmissionStore.StoredItem stored) {
    return ingest.reread(reader, stored);
  }

  private void deletionFailed(VideoRows.RecordingRow r, Tally tally, String why) {
    int attempts = r.deleteAttempts() + 1;
    Instant next = clock.now().plus(backoff(attempts));
    db.inTransaction(h -> {
      VideoRows.markDeleteFailed(h, r, attempts, next, why);
      return null;
    });
    tally.deletionsFailed++;
    LOG.warn("recording {} of consultation {} is still at {} after {} attempts: {}", r.recording(), r.consultation(),
        platform, attempts, why);
  }

  /**
   * The first retry after {@code retryFirst}, each later one twice as long, at most {@code retryMax}; no jitter
   * (one platform, retried by whichever engine runs the pass).
   */
  Duration backoff(int attempts) {
    return Backoff.after(settings.retryFirst(), settings.retryMax(), attempts, 0.5);
  }

  // ---- views ----------------------------------------------------------------------------------------

  public List<RecordingAtSource> stillAtSource() {
    Instant now = clock.now();
    return db.read(h -> VideoRows.stillAtSource(h, platform, BATCH)).stream().map(r -> {
      RecordingAtSource.State state = r.verificationFailed() ? RecordingAtSource.State.VERIFICATION_FAILED
          : r.deleteAttempts() > 0 ? RecordingAtSource.State.DELETION_FAILING : RecordingAtSource.State.DELETION_DUE;
      Instant since = r.deleteFrom().orElseThrow();
      return new RecordingAtSource(new ConsultationId(r.consultation()), new RecordingId(r.recording()), r.item(),
          state, since, Duration.between(since, now), r.deleteAttempts(), r.nextDeleteAt(), r.lastFailure());
    }).toList();
  }

  public List<HeldConsultation> held() {
    return db.read(h -> VideoRows.consultations(h, platform, VideoRows.State.HELD, BATCH).stream()
        .map(c -> new HeldConsultation(new ConsultationId(c.consultation()), c.callReference(), c.request(),
            c.heldReason().orElseThrow(), c.listedAt(), VideoRows.recordings(h, platform, c.consultation()).size()))
        .toList());
  }

  public ConsultationStatus status(ConsultationId consultation) {
    return db.read(h -> {
      VideoRows.ConsultationRow c = VideoRows.consultation(h, platform, consultation.value(), false)
          .orElseThrow(() -> notFound(consultation));
      ConsultationStatus.State state = switch (c.state()) {
        case IMPORTING, IMPORTED -> ConsultationStatus.State.IMPORTED;
        case HELD -> ConsultationStatus.State.HELD_FOR_DECISION;
        case DISCARDED -> ConsultationStatus.State.DISCARDED;
      };
      List<ConsultationStatus.RecordingStatus> recordings = VideoRows.recordings(h, platform, c.consultation()).stream()
          .map(r -> new ConsultationStatus.RecordingStatus(new RecordingId(r.recording()), r.item(), r.missing(),
              r.verifiedAt(), r.deletedAt()))
          .toList();
      return new ConsultationStatus(consultation, c.request(), state,
          c.heldReason(), recordings,
          c.referred());
    });
  }

  /** The request a listed consultation goes to: the access policy decides on it. */
  public RequestId requestOf(ConsultationId consultation) {
    return db.read(h -> VideoRows.consultation(h, platform, consultation.value(), false))
        .orElseThrow(() -> notFound(consultation)).request();
  }

  // ---- supervisor -----------------------------------------------------------------------------------

  /** The caller has checked {@code DECIDE_VIDEO_CONSENT}; {@code rule} is what allowed it. */
  public ConsultationStatus decide(Actor.Officer by, ConsultationId consultation, SupervisorDecision decision,
      String rule, String reason) {
    String id = consultation.value();
    db.inTransaction(h -> {
      VideoRows.ConsultationRow c = VideoRows.consultation(h, platform, id, true).orElseThrow(() -> notFound(consultation));
      if (c.state() != VideoRows.State.HELD) {
        throw new EvidenceException(ErrorCode.INVALID_INPUT, "consultation " + id + " is not held for a decision");
      }
      if (decision == SupervisorDecision.DISCARD_AT_SOURCE && c.referred()) {
        throw new EvidenceException(ErrorCode.INVALID_INPUT, "consultation " + id
            + " is under a complaint or IPCO referral: its footage must be secured, not discarded");
      }
      Instant now = clock.now();
      VideoRows.setState(h, platform, id, decision == SupervisorDecision.IMPORT ? VideoRows.State.IMPORTING
          : VideoRows.State.DISCARDED, Optional.of(now));
      if (decision == SupervisorDecision.DISCARD_AT_SOURCE) {
        VideoRows.dueForDiscard(h, platform, id, now);
      }
      custody.append(h, List.of(CustodyEvents.videoDecisionRecorded(now, by, c.request(), platform, id,
          decision.name(), rule, reason)));
      return null;
    });
    Tally tally = new Tally();
    if (decision == SupervisorDecision.IMPORT) {
      VideoRows.ConsultationRow c = db.read(h -> VideoRows.consultation(h, platform, id, false)).orElseThrow();
      if (c.state() == VideoRows.State.IMPORTING) {
        importConsultation(c, reason, VideoImportListener.NONE, tally);
      }
    }
    deleteDue(Optional.of(id), tally);
    return status(consultation);
  }

  /** The caller has checked {@code REVIEW_VIDEO_QUALITY}. */
  public void qualityReview(Actor.Officer by, ConsultationId consultation, QualityOutcome outcome, String rule,
      String notes) {
    RequestId request = requestOf(consultation);
    db.inTransaction(h -> custody.append(h, List.of(CustodyEvents.videoQualityReviewed(clock.now(), by, request,
        platform, consultation.value(), outcome.name(), rule, notes))));
  }

  /**
   * The caller has checked {@code LEGAL_HOLD}. Records the referral, then holds every item imported from the
   * consultation; later imports are held as they come in ({@link #ensureReferralHolds}).
   */
  public List<LegalHold> refer(Actor.Officer by, ConsultationId consultation, Referral kind, String reference,
      String reason) {
    String id = consultation.value();
    db.inTransaction(h -> {
      VideoRows.ConsultationRow c = VideoRows.consultation(h, platform, id, true).orElseThrow(() -> notFound(consultation));
      VideoRows.setReferral(h, platform, id, by.userId(), by.displayName(), kind.name() + " " + reference);
      custody.append(h, List.of(CustodyEvents.videoReferred(clock.now(), by, c.request(), platform, id, kind.name(),
          reference, reason)));
      return null;
    });
    return ensureReferralHolds(id);
  }

  /** Holds every item of a referred consultation that has never had a hold of its own; answers the holds set. */
  private List<LegalHold> ensureReferralHolds(String consultation) {
    VideoRows.ConsultationRow c = db.read(h -> VideoRows.consultation(h, platform, consultation, false)).orElseThrow();
    if (!c.referred()) {
      return List.of();
    }
    Actor.Officer by = Actor.Officer.of(c.referredBy().orElseThrow(), c.referredName().orElseThrow());
    String why = c.referral().orElseThrow() + ": video consultation " + consultation;
    if (why.length() > 500) {
      why = why.substring(0, 500);
    }
    List<LegalHold> holds = new ArrayList<>();
    for (ItemId item : db.read(h -> VideoRows.itemsWithoutHold(h, platform, consultation))) {
      holds.add(retention.setHold(by, HoldTarget.item(item), why));
    }
    return holds;
  }

  // ---- helpers --------------------------------------------------------------------------------------

  private static EvidenceException notFound(ConsultationId consultation) {
    return new EvidenceException(ErrorCode.NOT_FOUND, "no consultation " + consultation + " was listed by the video source");
  }

  /** A failure for an operator: what failed, and the error's code or type; one line, bounded. */
  private static String failure(String what, Throwable e) {
    String code = e instanceof EvidenceException ee ? ee.code().name() : e.getClass().getSimpleName();
    String message = e.getMessage() == null ? "" : ": " + e.getMessage();
    String line = (what + " (" + code + message + ")").replaceAll("\\p{Cntrl}", " ");
    return line.length() <= MAX_FAILURE ? line : line.substring(0, MAX_FAILURE);
  }
}
