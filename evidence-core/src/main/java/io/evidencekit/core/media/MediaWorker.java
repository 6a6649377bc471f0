package io.evidencekit.core.media;

import io.evidencekit.api.Actor;
import io.evidencekit.api.ByteRange;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.MediaInfo;
import io.evidencekit.api.MediaState;
import io.evidencekit.api.Sha256;
import io.evidencekit.core.custody.CustodyEvents;
import io.evidencekit.core.custody.CustodyLog;
import io.evidencekit.core.ingest.ItemReader;
import io.evidencekit.core.ingest.SubmissionStore;
import io.evidencekit.core.internal.Database;
import io.evidencekit.core.internal.EngineClock;
import io.evidencekit.core.internal.Ids;
import io.evidencekit.core.internal.ItemQueue;
import io.evidencekit.core.internal.OnePassAtATime;
import io.evidencekit.spi.BlobStore;
import io.evidencekit.spi.BlobWriter;
import io.evidencekit.spi.MediaFailure;
import io.evidencekit.spi.MediaInput;
import io.evidencekit.spi.MediaInspector;
import io.evidencekit.spi.MediaReport;
import io.evidencekit.spi.Still;
import io.evidencekit.spi.StoredBlob;
import io.evidencekit.spi.ToolVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inspects queued items with the configured {@link MediaInspector}. A pass claims due items with a lease
 * ({@link MediaQueue}); for each it copies the item through the verifying reader into a fresh scratch
 * directory (so the inspector never sees the master, and bytes that no longer match their hash are never
 * inspected), makes the copy read-only, runs the inspector outside any transaction, stores its still as a
 * derived blob, and records the result and its custody event in one transaction, only while its claim
 * still holds. The copy and the scratch directory are deleted whatever happens.
 *
 * <p>Not-recognised is a result, recorded at once. Could-not-inspect is retried with backoff and recorded
 * after the policy's attempts. Thread-safe: one pass at a time per worker; several engines share the queue.
 */
public final class MediaWorker {
  private static final Logger LOG = LoggerFactory.getLogger(MediaWorker.class);
  private static final Actor ACTOR = new Actor.SystemActor("media-inspector");

  private final Database db;
  private final EngineClock clock;
  private final CustodyLog custody;
  private final ItemReader reader;
  private final BlobStore store;
  private final SubmissionStore items;
  private final @Nullable MediaInspector inspector;
  private final InspectionPolicy policy;
  private final Ids ids;
  private final Random jitter;
  private final OnePassAtATime passes = new OnePassAtATime(this::pass);

  public MediaWorker(Database db, EngineClock clock, CustodyLog custody, ItemReader reader, BlobStore store,
      SubmissionStore items, @Nullable MediaInspector inspector, InspectionPolicy policy, Ids ids, Random jitter) {
    this.db = db;
    this.clock = clock;
    this.custody = custody;
    this.reader = reader;
    this.store = store;
    this.items = items;
    this.inspector = inspector;
    this.policy = policy;
    this.ids = ids;
    this.jitter = jitter;
  }

  public boolean enabled() {
    return inspector != null;
  }

  /** A background pass of the policy's batch; 0 at once if a pass is already running. */
  public int inspectDueInBackground() {
    return passes.inBackground(policy.batch());
  }

  /** A pass of up to {@code max} items on the calling thread, after any pass already running. */
  public int inspectDue(int max) {
    return passes.now(max);
  }

  /** Opens a derived still; the caller closes the stream. */
  public InputStream openStill(MediaResults.StoredStill still) {
    try {
      return store.open(still.blob(), ByteRange.ALL);
    } catch (IOException e) {
      throw new EvidenceException(io.evidencekit.api.ErrorCode.STORAGE_FAILURE, "the still image could not be read", e);
    }
  }

  public int waiting() {
    return db.read(MediaQueue.ROWS::waiting);
  }

  private int pass(int max) {
    if (inspector == null) {
      return 0;
    }
    UUID claim = ids.next();
    List<ItemQueue.Claimed> claimed = MediaQueue.ROWS.claim(db, max, clock.now(), claim, policy::leaseFor);
    for (ItemQueue.Claimed c : claimed) {
      try {
        inspect(inspector, c, claim);
      } catch (RuntimeException e) {
        LOG.warn("inspecting item {} failed; it will be taken again when its claim expires: {}", c.item(), e.toString());
      }
    }
    return claimed.size();
  }

  private void inspect(MediaInspector inspector, ItemQueue.Claimed c, UUID claim) {
    Optional<SubmissionStore.StoredItem> stored = db.read(h -> items.item(h, c.item()));
    if (stored.isEmpty()) {
      db.inTransaction(h -> {
        MediaQueue.ROWS.finish(h, c, claim, c.attempts(), "removed by the submitter; not inspected");
        return null;
      });
      return;
    }
    Path work = null;
    try {
      work = Files.createTempDirectory(policy.scratch().orElse(Path.of(System.getProperty("java.io.tmpdir"))),
          "evidencekit-inspect-");
      MediaReport report = run(inspector, stored.get(), work);
      if (Thread.currentThread().isInterrupted()) {
        return; // the engine is closing; the lease runs out and the item is taken again
      }
      Optional<MediaMade> still = storeStill(report);
      db.inTransaction(h -> {
        record(h, c, claim, stored.get(), report, still);
        return null;
      });
    } catch (IOException e) {
      LOG.warn("no scratch space to inspect item {}: {}", c.item(), e.toString());
    } finally {
      if (work != null) {
        deleteTree(work);
      }
    }
  }

  /** The verified copy, read-only, handed to the inspector; a report in every case. */
  private MediaReport run(MediaInspector inspector, SubmissionStore.StoredItem stored, Path work) throws IOException {
    ToolVersion unknown = ToolVersion.unknown(inspector.name());
    Path copy = work.resolve("item");
    Path scratch = Files.createDirectory(work.resolve("scratch"));
    try (InputStream in = reader.open(stored, ByteRange.ALL); OutputStream out = Files.newOutputStream(copy)) {
      in.transferTo(out);
    } catch (EvidenceException e) {
      return new MediaReport.CouldNotInspect(unknown, MediaFailure.INPUT_UNREADABLE,
          "the stored bytes could not be read or failed verification: " + e.code());
    } catch (IOException e) {
      return new MediaReport.CouldNotInspect(unknown, MediaFailure.INPUT_UNREADABLE,
          "the stored bytes could not be copied for inspection");
    }
    try {
      Files.setPosixFilePermissions(copy, Set.of(PosixFilePermission.OWNER_READ));
    } catch (UnsupportedOperationException e) {
      copy.toFile().setReadOnly();
    }
    try {
      MediaReport report = inspector.inspect(new MediaInput(copy, stored.item().size(), scratch));
      return report != null ? report : new MediaReport.CouldNotInspect(unknown, MediaFailure.ERROR, "no report");
    } catch (RuntimeException e) {
      return new MediaReport.CouldNotInspect(unknown, MediaFailure.ERROR,
          "the inspector failed: " + e.getClass().getSimpleName());
    }
  }

  private record MediaMade(StoredBlob blob, String contentType) {}

  /** Stores the still (derived, never evidence) before the transaction: a blob store is not transactional. */
  private Optional<MediaMade> storeStill(MediaReport report) {
    if (!(report instanceof MediaReport.Inspected inspected) || inspected.still().isEmpty()) {
      return Optional.empty();
    }
    Still still = inspected.still().get();
    try (InputStream in = Files.newInputStream(still.file()); BlobWriter writer = store.create()) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[65536];
      long size = 0;
      int n;
      while ((n = in.read(buffer)) >= 0) {
        sha.update(buffer, 0, n);
        writer.write(buffer, 0, n);
        size += n;
      }
      return Optional.of(new MediaMade(writer.commit(Sha256.of(sha.digest()), size), still.contentType()));
    } catch (IOException | EvidenceException e) {
      LOG.warn("a still image could not be stored; the report is kept without it: {}", e.toString());
      return Optional.empty();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Records the result; nothing outside the database (the transaction may be run again). */
  private void record(Handle h, ItemQueue.Claimed c, UUID claim, SubmissionStore.StoredItem stored, MediaReport report,
      Optional<MediaMade> still) {
    if (!MediaQueue.ROWS.holds(h, c.item(), claim)) {
      LOG.info("the claim on item {} ran out before its inspection ended; another worker's result is kept", c.item());
      return;
    }
    var item = stored.item();
    Instant at = clock.now();
    MediaState state;
    Optional<MediaInfo> info = Optional.empty();
    Optional<String> detail = Optional.empty();
    if (report instanceof MediaReport.Inspected i) {
      state = MediaState.INSPECTED;
      info = Optional.of(i.info());
    } else if (report instanceof MediaReport.NotRecognised n) {
      state = MediaState.NOT_RECOGNISED;
      detail = Optional.of(n.detail());
    } else {
      MediaReport.CouldNotInspect n = (MediaReport.CouldNotInspect) report;
      int attempts = c.attempts() + 1;
      String problem = n.reason() + ": " + n.detail();
      if (attempts < policy.maxAttempts()) {
        double j;
        synchronized (jitter) {
          j = jitter.nextDouble();
        }
        MediaQueue.ROWS.retry(h, c, claim, attempts, at.plus(policy.delayAfter(attempts, j)), problem);
        return;
      }
      state = MediaState.COULD_NOT_INSPECT;
      detail = Optional.of(problem);
    }
    Optional<MediaResults.StoredStill> kept = still.map(s -> new MediaResults.StoredStill(s.blob().id(),
        s.blob().sha256(), s.blob().size(), s.contentType()));
    String tool = report.tool().toString();
    MediaResults.put(h, item.id(), new MediaResults.Row(state, tool, info, detail, kept, at));
    MediaQueue.ROWS.finish(h, c, claim, c.attempts(), state.name());
    custody.append(h, List.of(CustodyEvents.itemInspected(at, ACTOR, item.requestId(), item.id(),
        new CustodyEvents.Inspected(tool, state.name(), item.sha256().hex(), info.map(MediaInfo::container),
            info.flatMap(MediaInfo::duration), info.flatMap(MediaInfo::creationTime),
            info.map(i -> i.decodes().name()), kept.map(s -> s.blob().value()), kept.map(s -> s.sha256().hex()),
            detail))));
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          LOG.warn("could not delete inspection scratch file: {}", e.toString());
        }
      });
    } catch (IOException e) {
      LOG.warn("could not clean inspection scratch space: {}", e.toString());
    }
  }
}
