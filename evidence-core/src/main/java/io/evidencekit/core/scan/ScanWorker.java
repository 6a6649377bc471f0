package io.evidencekit.core.scan;

import io.evidencekit.api.Actor;
import io.evidencekit.api.ByteRange;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.ScanRecord;
import io.evidencekit.api.ScanState;
import io.evidencekit.core.custody.CustodyEvents;
import io.evidencekit.core.custody.CustodyLog;
import io.evidencekit.core.custody.PendingEvent;
import io.evidencekit.core.ingest.ItemReader;
import io.evidencekit.core.ingest.SubmissionStore;
import io.evidencekit.core.internal.Database;
import io.evidencekit.core.internal.EngineClock;
import io.evidencekit.core.internal.Ids;
import io.evidencekit.core.internal.ItemQueue;
import io.evidencekit.core.internal.OnePassAtATime;
import io.evidencekit.core.notify.Outbox;
import io.evidencekit.core.request.RequestStore;
import io.evidencekit.spi.ContentScanner;
import io.evidencekit.spi.ScanFailure;
import io.evidencekit.spi.ScanResult;
import io.evidencekit.spi.ScannerVersion;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans queued items with every configured scanner and records the results. A pass claims due items with
 * a lease ({@link ScanQueue}), then for each one runs every scanner whose version changed since its last
 * verdict on the item (all of them the first time) outside any transaction, reading the item through the
 * verifying reader, and records the results, the item's new scan state, their custody events and any
 * notice in one transaction, only while its claim still holds.
 *
 * <p>The item's state: {@code INFECTED} as soon as any scanner detects something (quarantine is never
 * lifted by a later clean verdict); {@code CLEAN} when every scanner's latest result is clean; otherwise
 * the pass is retried with backoff and after the policy's attempts (at once for too-large and encrypted
 * content) the item is flagged {@code COULD_NOT_SCAN}, unless an earlier clean verdict stands (a re-scan
 * that cannot run keeps it). A detection in an item that was {@code CLEAN} (released to officers) sends
 * the requesting officer a detection notice.
 *
 * <p>Thread-safe: one pass at a time per worker; several workers (engines) share the queue.
 */
public final class ScanWorker {
  private static final Logger LOG = LoggerFactory.getLogger(ScanWorker.class);
  private static final Actor ACTOR = new Actor.SystemActor("scanner");

  private final Database db;
  private final EngineClock clock;
  private final CustodyLog custody;
  private final Outbox outbox;
  private final ItemReader reader;
  private final SubmissionStore items;
  private final RequestStore requests;
  private final List<ContentScanner> scanners;
  private final ScanPolicy policy;
  private final Ids ids;
  private final Random jitter;
  private final OnePassAtATime passes = new OnePassAtATime(this::pass);

  public ScanWorker(Database db, EngineClock clock, CustodyLog custody, Outbox outbox, ItemReader reader,
      SubmissionStore items, RequestStore requests, List<ContentScanner> scanners, ScanPolicy policy, Ids ids,
      Random jitter) {
    this.db = db;
    this.clock = clock;
    this.custody = custody;
    this.outbox = outbox;
    this.reader = reader;
    this.items = items;
    this.requests = requests;
    this.scanners = List.copyOf(scanners);
    this.policy = policy;
    this.ids = ids;
    this.jitter = jitter;
  }

  public boolean enabled() {
    return !scanners.isEmpty();
  }

  /** A background pass of the policy's batch; returns 0 at once if a pass is already running. */
  public int scanDueInBackground() {
    return passes.inBackground(policy.batch());
  }

  /** A pass of up to {@code max} items on the calling thread, after any pass already running. */
  public int scanDue(int max) {
    return passes.now(max);
  }

  public int waiting() {
    return db.read(ScanQueue.ROWS::waiting);
  }

  /** Queues every item that is not quarantined again; returns how many. */
  public int requeueAll() {
    return db.inTransaction(h -> {
      Instant now = clock.now();
      int count = ScanQueue.requeueAll(h, now);
      custody.append(h, List.of(CustodyEvents.rescanRequested(now, ACTOR, count)));
      return count;
    });
  }

  private int pass(int max) {
    if (scanners.isEmpty()) {
      return 0;
    }
    UUID claim = ids.next();
    List<ItemQueue.Claimed> claimed = ScanQueue.ROWS.claim(db, max, clock.now(), claim, policy::leaseFor);
    Map<String, ScannerVersion> versions = new HashMap<>();
    for (ItemQueue.Claimed c : claimed) {
      try {
        scan(c, claim, versions);
      } catch (RuntimeException e) {
        // The lease runs out and the item is taken again; nothing about it was recorded.
        LOG.warn("scanning item {} failed; it will be scanned again when its claim expires: {}", c.item(), e.toString());
      }
    }
    return claimed.size();
  }

  private record Fresh(ContentScanner scanner, ScanResult result) {}

  private void scan(ItemQueue.Claimed c, UUID claim, Map<String, ScannerVersion> versions) {
    Optional<SubmissionStore.StoredItem> stored = db.read(h -> items.item(h, c.item()));
    if (stored.isEmpty()) {
      // Removed from a draft by its submitter: kept in custody, never listed or read, so not scanned.
      db.inTransaction(h -> {
        ScanQueue.ROWS.finish(h, c, claim, c.attempts(), "removed by the submitter; not scanned");
        return null;
      });
      return;
    }
    Map<String, ScanRecord> previous = db.read(h -> ScanResults.latest(h, c.item()));
    List<Fresh> fresh = new ArrayList<>();
    for (ContentScanner scanner : scanners) {
      ScannerVersion now = versions.computeIfAbsent(scanner.name(), n -> versionOf(scanner));
      ScanRecord last = previous.get(scanner.name());
      boolean verdict = last != null && last.verdict() != ScanState.COULD_NOT_SCAN;
      if (verdict && now.known() && last.version().equals(now.toString())) {
        continue; // scanned once per scanner version
      }
      fresh.add(new Fresh(scanner, scanOne(scanner, stored.get())));
    }
    if (Thread.currentThread().isInterrupted()) {
      // The engine is closing: a scan cut short says nothing about the item. Its lease runs out and it is
      // taken again, without a failed pass counted against it.
      return;
    }
    Optional<String> retry = db.inTransaction(h -> record(h, c, claim, stored.get(), fresh));
    retry.ifPresent(r -> LOG.info("item {} could not be scanned: {}", c.item(), r));
  }

  private ScanResult scanOne(ContentScanner scanner, SubmissionStore.StoredItem stored) {
    ScannerVersion unknown = ScannerVersion.unknown(scanner.name());
    InputStream content;
    try {
      content = reader.open(stored, ByteRange.ALL);
    } catch (EvidenceException e) {
      return ScanResult.couldNotScan(unknown, ScanFailure.STREAM_FAILED, "the evidence store could not be read");
    }
    try (content) {
      return scanner.scan(content, stored.item().size());
    } catch (EvidenceException e) {
      // The verifying reader found bytes that do not match the hash taken at receipt (recorded by it).
      return ScanResult.couldNotScan(unknown, ScanFailure.STREAM_FAILED, "the stored bytes failed verification: "
          + e.code());
    } catch (IOException | RuntimeException e) {
      return ScanResult.couldNotScan(unknown, ScanFailure.ERROR, "the scanner failed: " + e.getClass().getSimpleName());
    }
  }

  private static ScannerVersion versionOf(ContentScanner scanner) {
    try {
      return scanner.version();
    } catch (RuntimeException e) {
      return ScannerVersion.unknown(scanner.name());
    }
  }

  /**
   * Records a pass's results; no effects outside the database (the transaction may be run again). Returns
   * what to log when the item waits for another pass.
   */
  private Optional<String> record(Handle h, ItemQueue.Claimed c, UUID claim, SubmissionStore.StoredItem stored,
      List<Fresh> fresh) {
    if (!ScanQueue.ROWS.holds(h, c.item(), claim)) {
      return Optional.of("the claim ran out before the scan ended; another worker's result is kept");
    }
    Optional<String> retryNote = Optional.empty();
    var item = stored.item();
    // The submission's lock orders this against its submit: either the submit sees this item's new state, or
    // this sees the notice the submit queued and releases it. Never neither (a notice held for nothing).
    h.createQuery("SELECT id FROM submission WHERE id = :id FOR UPDATE").bind("id", item.submissionId().value())
        .mapTo(UUID.class).one();
    Instant at = clock.now();
    ScanState before = ScanResults.lockState(h, item.id());
    List<PendingEvent> events = new ArrayList<>();
    for (Fresh f : fresh) {
      ScanRecord r = toRecord(f, at);
      ScanResults.put(h, item.id(), r);
      events.add(CustodyEvents.itemScanned(at, ACTOR, item.requestId(), item.id(), new CustodyEvents.Scanned(
          r.scanner(), r.version(), r.verdict().name(), r.signatures(),
          f.result() instanceof ScanResult.CouldNotScan n ? Optional.of(n.reason().name()) : Optional.empty(),
          f.result() instanceof ScanResult.CouldNotScan n ? Optional.of(n.detail()) : Optional.empty(),
          item.sha256().hex())));
    }
    Map<String, ScanRecord> latest = ScanResults.latest(h, item.id());
    List<String> detected = new ArrayList<>();
    boolean allClean = true;
    for (ContentScanner s : scanners) {
      ScanRecord r = latest.get(s.name());
      if (r == null || r.verdict() != ScanState.CLEAN) {
        allClean = false;
      }
      if (r != null && r.verdict() == ScanState.INFECTED) {
        detected.addAll(r.signatures());
      }
    }
    ScanState after;
    if (!detected.isEmpty() || before == ScanState.INFECTED) {
      after = ScanState.INFECTED;
      ScanQueue.ROWS.finish(h, c, claim, c.attempts(), "infected");
      if (before != ScanState.INFECTED) {
        events.add(quarantine(h, stored, detected, before, at));
      }
    } else if (allClean) {
      after = ScanState.CLEAN;
      ScanQueue.ROWS.finish(h, c, claim, 0, "clean");
    } else {
      int attempts = c.attempts() + 1;
      String problem = fresh.stream().map(Fresh::result).filter(r -> r instanceof ScanResult.CouldNotScan)
          .map(r -> (ScanResult.CouldNotScan) r).map(n -> n.reason() + ": " + n.detail()).findFirst()
          .orElse("no verdict");
      boolean hopeless = fresh.stream().map(Fresh::result).anyMatch(r -> r instanceof ScanResult.CouldNotScan n
          && (n.reason() == ScanFailure.TOO_LARGE || n.reason() == ScanFailure.ENCRYPTED));
      if (hopeless || attempts >= policy.maxAttempts()) {
        after = before == ScanState.CLEAN ? ScanState.CLEAN : ScanState.COULD_NOT_SCAN;
        ScanQueue.ROWS.finish(h, c, claim, attempts, problem);
        events.add(CustodyEvents.itemScanFailed(at, ACTOR, item.requestId(), item.id(), attempts, problem));
      } else {
        after = before;
        double j;
        synchronized (jitter) {
          j = jitter.nextDouble();
        }
        Instant next = at.plus(policy.delayAfter(attempts, j));
        ScanQueue.ROWS.retry(h, c, claim, attempts, next, problem);
        retryNote = Optional.of("pass " + attempts + ": " + problem + "; next pass at " + next);
      }
    }
    if (after != before) {
      ScanResults.setState(h, item.id(), after);
    }
    if (after != ScanState.PENDING) {
      ScanResults.releaseNotice(h, item.submissionId().value(), at);
    }
    custody.append(h, events);
    return retryNote;
  }

  /** The quarantine event; a detection in an item already released as clean also notifies its officer. */
  private PendingEvent quarantine(Handle h, SubmissionStore.StoredItem stored, List<String> detected,
      ScanState before, Instant at) {
    var item = stored.item();
    Optional<String> notified = Optional.empty();
    if (before == ScanState.CLEAN) {
      EvidenceRequest request = requests.find(h, item.requestId()).orElseThrow();
      outbox.enqueueDetectionNotice(h, request, item, detected, at);
      notified = Optional.of(request.officer().userId());
    }
    return CustodyEvents.itemQuarantined(at, ACTOR, item.requestId(), item.id(), detected.stream().distinct().toList(),
        before.name(), notified);
  }

  private static ScanRecord toRecord(Fresh f, Instant at) {
    ScanResult r = f.result();
    String scanner = f.scanner().name();
    if (r instanceof ScanResult.Infected infected) {
      return new ScanRecord(scanner, infected.scanner().toString(), ScanState.INFECTED, infected.signatures(),
          Optional.empty(), at);
    }
    if (r instanceof ScanResult.CouldNotScan none) {
      return new ScanRecord(scanner, none.scanner().toString(), ScanState.COULD_NOT_SCAN, List.of(),
          Optional.of(none.reason() + ": " + none.detail()), at);
    }
    return new ScanRecord(scanner, r.scanner().toString(), ScanState.CLEAN, List.of(), Optional.empty(), at);
  }
}
