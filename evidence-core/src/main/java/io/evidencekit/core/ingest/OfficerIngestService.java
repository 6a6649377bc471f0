package io.evidencekit.core.ingest;

import io.evidencekit.api.Actor;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.Declaration;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.IngestListener;
import io.evidencekit.api.IngestedFile;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.Limits;
import io.evidencekit.api.OfficerIngest;
import io.evidencekit.api.Receipt;
import io.evidencekit.api.RequestState;
import io.evidencekit.api.Sha256;
import io.evidencekit.api.Submission;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.api.SubmissionState;
import io.evidencekit.core.custody.CustodyEvents;
import io.evidencekit.core.custody.CustodyLog;
import io.evidencekit.core.custody.PendingEvent;
import io.evidencekit.core.internal.Database;
import io.evidencekit.core.internal.EngineClock;
import io.evidencekit.core.internal.Ids;
import io.evidencekit.core.notify.Outbox;
import io.evidencekit.core.request.RequestStore;
import io.evidencekit.spi.StoredBlob;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Evidence that arrives on disc or USB, ingested by an officer through the same path as the portal:
 * the same streaming hash-and-store pipeline, the same custody events (with the officer as the actor
 * and {@code source=officer-ingest}), a receipt at the end.
 *
 * <p><b>Files.</b> Every regular file under the paths given is stored as opaque bytes (a CCTV export's
 * player {@code .exe} included); nothing is opened, run or interpreted. Its path relative to the
 * folder given (including that folder's own name) is kept as metadata only. Symbolic links and special
 * files are refused before anything is recorded: copy the target instead.
 *
 * <p><b>Stopping and re-running.</b> Each file is recorded in its own transaction, only once its bytes
 * are durable; a stop (Ctrl-C, a failure, a crash) leaves the files already recorded and nothing of the
 * one in progress. The submission stays a draft until every file is in, and a re-run resumes it:
 * a file whose relative path and SHA-256 were already ingested by this officer into this request is
 * recognised (it is read again to hash it) and skipped, not recorded twice.
 *
 * <p>Engine-internal; thread-safe.
 */
public final class OfficerIngestService {
  static final String SOURCE = CustodyEvents.OFFICER_INGEST;
  private static final String OPAQUE = SubmittedText.OPAQUE;

  private final Database db;
  private final EngineClock clock;
  private final CustodyLog custody;
  private final Outbox outbox;
  private final RequestStore requestStore;
  private final SubmissionStore store;
  private final IngestPipeline pipeline;
  private final Deduplication deduplication;
  private final Limits limits;
  private final Ids ids;

  public OfficerIngestService(Database db, EngineClock clock, CustodyLog custody, Outbox outbox,
      RequestStore requestStore, SubmissionStore store, IngestPipeline pipeline, Limits limits, Ids ids) {
    this.ids = ids;
    this.db = db;
    this.clock = clock;
    this.custody = custody;
    this.outbox = outbox;
    this.requestStore = requestStore;
    this.store = store;
    this.pipeline = pipeline;
    this.deduplication = Deduplication.of(pipeline);
    this.limits = limits;
  }

  private record Planned(Path file, String relativePath, long size) {}

  private record Known(String relativePath, String sha256) {}

  /** The caller has checked the officer may manage the request. */
  public OfficerIngest ingest(Actor.Officer by, EvidenceRequest request, List<Path> paths, String reason,
      IngestListener listener) {
    List<Planned> plan = plan(paths);
    long total = plan.stream().mapToLong(Planned::size).sum();
    if (plan.size() > limits.maxFilesPerSubmission() || total > limits.maxBytesPerSubmission()) {
      throw new EvidenceException(ErrorCode.LIMIT_EXCEEDED, "an ingest may hold at most " + limits.maxFilesPerSubmission()
          + " files and " + limits.maxBytesPerSubmission() + " bytes; found " + plan.size() + " files, " + total + " bytes");
    }
    for (Planned p : plan) {
      if (p.size() > limits.maxBytesPerFile()) {
        throw new EvidenceException(ErrorCode.LIMIT_EXCEEDED,
            "a file may be at most " + limits.maxBytesPerFile() + " bytes: " + p.relativePath());
      }
    }
    Set<Known> known = new HashSet<>();
    Set<String> knownPaths = new HashSet<>();
    // The draft this run adds to: resumed from an interrupted run, or created with the first new file.
    Optional<SubmissionId> draft = Optional.ofNullable(db.read(h -> {
      SubmissionId open = null;
      for (Submission s : store.ingestedBy(h, request.id(), by.userId())) {
        for (EvidenceItem item : s.items()) {
          known.add(new Known(item.submittedName(), item.sha256().hex()));
          knownPaths.add(item.submittedName());
        }
        if (s.state() == SubmissionState.DRAFT) {
          open = s.id();
        }
      }
      return open;
    }));
    listener.started(plan.size(), total);
    List<IngestedFile> done = new ArrayList<>();
    long before = 0;
    for (Planned p : plan) {
      listener.fileStarted(p.relativePath(), p.size());
      long offset = before;
      IngestedFile result;
      if (knownPaths.contains(p.relativePath())) {
        Sha256 sha256 = hash(p, bytes -> listener.progress(offset + bytes));
        if (known.contains(new Known(p.relativePath(), sha256.hex()))) {
          result = new IngestedFile(p.relativePath(), p.size(), sha256, true, Optional.empty());
        } else {
          Stored stored = store(by, request, p, draft, reason, bytes -> listener.progress(offset + bytes));
          draft = stored.draft();
          result = stored.file();
        }
      } else {
        Stored stored = store(by, request, p, draft, reason, bytes -> listener.progress(offset + bytes));
        draft = stored.draft();
        result = stored.file();
      }
      before += p.size();
      done.add(result);
      listener.fileFinished(result);
    }
    Optional<Receipt> receipt = draft.isEmpty() ? Optional.empty() : Optional.of(submit(by, request, draft.get(), reason));
    return new OfficerIngest(receipt, done);
  }

  /** What storing one file gave: the file's result and the draft it went into. */
  private record Stored(IngestedFile file, Optional<SubmissionId> draft) {}

  /** What a transaction recorded, or found recorded already ({@code earlier}). */
  private record Recorded(EvidenceItem item, StoredBlob blob, boolean earlier) {}

  /**
   * Streams one file and records it; creates the draft submission with the first file of a run. The
   * transaction's body touches nothing outside the database (ids are drawn before it), so a retry after
   * a rollback starts again from the same state.
   */
  private Stored store(Actor.Officer by, EvidenceRequest request, Planned p, Optional<SubmissionId> draft, String reason,
      java.util.function.LongConsumer progress) {
    StoredBlob fresh;
    try (InputStream in = open(p.file())) {
      // The size seen when planning: a file that changes meanwhile fails (UPLOAD_INTERRUPTED) and can be re-run.
      fresh = pipeline.ingest(in, limits.maxBytesPerFile(), p.size(), progress);
    } catch (IOException e) {
      throw new EvidenceException(ErrorCode.UPLOAD_INTERRUPTED, "could not read " + p.relativePath(), e);
    }
    SubmissionId id = draft.orElseGet(() -> new SubmissionId(ids.next()));
    ItemId itemId = new ItemId(ids.next());
    String ingestKey = ingestKey(by, p.relativePath(), fresh.sha256());
    Recorded recorded = db.inTransaction(h -> {
      // A concurrent run inserting the same key makes one of the two fail on the unique index; the retry
      // then finds the other's item here.
      Optional<SubmissionStore.StoredItem> earlier = store.itemByIngestKey(h, request.id(), ingestKey);
      if (earlier.isPresent()) {
        // Recorded by another run meanwhile, or by this one before a crash it did not see: not recorded twice.
        EvidenceItem item = earlier.get().item();
        return new Recorded(item, new StoredBlob(earlier.get().blob(), item.size(), item.sha256()), true);
      }
      StoredBlob blob = deduplication.blobToRecord(h, fresh);
      Instant now = clock.now();
      List<PendingEvent> events = new ArrayList<>();
      if (draft.isEmpty()) {
        Submission started = new Submission(id, request.id(), Optional.empty(),
            SubmissionState.DRAFT, List.of(), Optional.empty(), Optional.empty(), now, Optional.empty());
        store.insert(h, started, by.userId());
        events.add(CustodyEvents.submissionStarted(now, by, request.id(), id.toString(), Optional.of(SOURCE))
            .withReason(reason));
      }
      Submission locked = store.lock(h, id).orElseThrow();
      if (locked.state() != SubmissionState.DRAFT) {
        throw new EvidenceException(ErrorCode.SUBMISSION_CLOSED, "the ingest was completed by another run meanwhile");
      }
      int position = h.createQuery("SELECT COUNT(*) FROM evidence_item WHERE submission_id = :s")
          .bind("s", id.value()).mapTo(Integer.class).one();
      if (position >= limits.maxFilesPerSubmission()) {
        throw new EvidenceException(ErrorCode.LIMIT_EXCEEDED, "an ingest may hold at most " + limits.maxFilesPerSubmission() + " files");
      }
      EvidenceItem received = new EvidenceItem(itemId, request.id(), id, blob.sha256(),
          blob.size(), p.relativePath(), OPAQUE, now);
      store.insertItem(h, received, blob.id(), position, Optional.empty(), Optional.of(ingestKey));
      if (position == 0) {
        events.add(CustodyEvents.controllerHandover(now, by, request.id(), id.toString(), Optional.of(SOURCE)));
      }
      events.add(CustodyEvents.itemReceived(now, by, request.id(), received.id(), new CustodyEvents.Received(
          id.toString(), p.relativePath(), Optional.of(p.relativePath()), blob.size(), blob.sha256().hex(), OPAQUE,
          blob.id().value(), Optional.of(SOURCE))).withReason(reason));
      custody.append(h, events);
      return new Recorded(received, blob, false);
    });
    deduplication.discardIfUnused(fresh, recorded.blob());
    if (recorded.earlier()) {
      return new Stored(new IngestedFile(p.relativePath(), fresh.size(), fresh.sha256(), true, Optional.empty()), draft);
    }
    return new Stored(new IngestedFile(p.relativePath(), fresh.size(), fresh.sha256(), false,
        Optional.of(recorded.item().id())), Optional.of(id));
  }

  /**
   * The identity of one file of an officer's ingest, unique in the request (V6__crash_safety.sql): who
   * ingested it, from which relative path, with which content. NUL separates the parts, which none of them
   * can contain.
   */
  static String ingestKey(Actor.Officer by, String relativePath, Sha256 content) {
    MessageDigest digest = IngestPipeline.newDigest();
    digest.update((by.userId() + "\0" + relativePath + "\0" + content.hex()).getBytes(StandardCharsets.UTF_8));
    return Sha256.of(digest.digest()).hex();
  }

  private Receipt submit(Actor.Officer by, EvidenceRequest request, SubmissionId id, String reason) {
    return db.inTransaction(h -> {
      Submission locked = store.lock(h, id).orElseThrow();
      List<SubmissionStore.StoredItem> items = store.items(h, id);
      Instant now = clock.now();
      Declaration declaration = Declaration.of(items.size());
      if (locked.state() == SubmissionState.DRAFT) {
        store.markSubmitted(h, id, Optional.empty(), declaration, now);
        requestStore.updateState(h, request.id(), RequestState.EVIDENCE_RECEIVED);
      }
      Submission submitted = store.find(h, id).orElseThrow();
      Receipt receipt = new Receipt(request.reference(), id, submitted.submittedAt().orElseThrow(),
          submitted.items().stream().map(i -> new Receipt.Line(i.submittedName(), i.size(), i.sha256())).toList(),
          Optional.empty(), submitted.declaration().orElseThrow());
      if (locked.state() == SubmissionState.DRAFT) {
        custody.append(h, List.of(
            CustodyEvents.submissionDeclared(now, by, request.id(), id.toString(),
                declaration.fileCount(), Optional.of(SOURCE)).withReason(reason),
            CustodyEvents.submissionSubmitted(now, by, request.id(), id.toString(),
                items.stream().map(i -> i.item().id().toString()).toList(), Optional.empty(), Optional.of(SOURCE))
                .withReason(reason)));
        outbox.enqueueSubmissionNotice(h, request, receipt, by.displayName(), now);
      }
      return receipt;
    });
  }

  /** Every regular file under {@code paths}, sorted, with its path relative to the folder given. */
  private static List<Planned> plan(List<Path> paths) {
    if (paths.isEmpty()) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "name at least one file or folder to ingest");
    }
    List<Planned> plan = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Path given : paths) {
      Path root = given.toAbsolutePath().normalize();
      BasicFileAttributes attributes = attributes(root);
      Path base = root.getParent() == null ? root : root.getParent();
      if (attributes.isDirectory()) {
        try (Stream<Path> walk = Files.walk(root)) {
          for (Path p : walk.sorted().toList()) {
            BasicFileAttributes a = attributes(p);
            if (a.isDirectory()) {
              continue;
            }
            plan.add(planned(p, a, base, seen));
          }
        } catch (IOException e) {
          throw new EvidenceException(ErrorCode.INVALID_INPUT, "cannot list " + given + ": " + e.getMessage(), e);
        }
      } else {
        plan.add(planned(root, attributes, base, seen));
      }
    }
    return plan;
  }

  private static Planned planned(Path file, BasicFileAttributes a, Path base, Set<String> seen) {
    if (!a.isRegularFile()) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, file + " is a symbolic link or a special file;"
          + " nothing was ingested: copy what it points to instead");
    }
    List<String> parts = new ArrayList<>();
    base.relativize(file).forEach(part -> parts.add(part.toString()));
    String relative = SubmittedText.fileName(String.join("/", parts));
    if (!seen.add(relative)) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "two files would be recorded as " + relative
          + "; nothing was ingested: ingest them separately");
    }
    return new Planned(file, relative, a.size());
  }

  private static BasicFileAttributes attributes(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      throw new EvidenceException(ErrorCode.NOT_FOUND, "no such file or folder: " + p);
    } catch (IOException e) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  private static InputStream open(Path file) {
    try {
      return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new EvidenceException(ErrorCode.UPLOAD_INTERRUPTED, "cannot open " + file + ": " + e.getMessage(), e);
    }
  }

  /** Hashes a file without storing it, to recognise one ingested before. */
  private static Sha256 hash(Planned p, java.util.function.LongConsumer progress) {
    MessageDigest digest = IngestPipeline.newDigest();
    byte[] buffer = new byte[IngestPipeline.DEFAULT_BUFFER_BYTES];
    long read = 0;
    try (InputStream in = open(p.file())) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (Thread.interrupted()) {
          Thread.currentThread().interrupt();
          throw new EvidenceException(ErrorCode.UPLOAD_INTERRUPTED, "the ingest was interrupted");
        }
        digest.update(buffer, 0, n);
        read += n;
        progress.accept(read);
      }
    } catch (IOException e) {
      throw new EvidenceException(ErrorCode.UPLOAD_INTERRUPTED, "could not read " + p.relativePath(), e);
    }
    return Sha256.of(digest.digest());
  }
}
