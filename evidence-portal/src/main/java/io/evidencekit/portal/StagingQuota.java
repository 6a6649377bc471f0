package io.evidencekit.portal;

import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.Limits;
import io.evidencekit.api.SubmissionId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What unfinished uploads have promised to store, so that a new one is refused at creation, before
 * any byte arrives, when it would pass a limit or fill the disk:
 *
 * <ul>
 *   <li>the submission's own limits, counting the files it holds <em>and</em> its unfinished uploads
 *       (their number and declared lengths) (413);</li>
 *   <li>a cap on everything staged at once through one link (507) and through the whole server (503);</li>
 *   <li>the disk: what is still to arrive for every unfinished upload, plus this one, plus a margin kept
 *       free, must fit in the staging file system's usable space (507).</li>
 * </ul>
 *
 * A form upload without JavaScript reserves its size while its parts are spilled to disk, against the
 * same link, server and disk budgets. The figures live in memory and are rebuilt from the staging
 * directory on start. Thread-safe (one lock; every operation is arithmetic on a few maps).
 */
final class StagingQuota {
  /** Why an upload was refused. */
  enum Refusal {
    /** The submission would hold more files than allowed. */
    TOO_MANY_FILES,
    /** The submission would hold more bytes than allowed. */
    TOO_BIG_TOTAL,
    /** Everything staged through this link would pass its cap. */
    LINK_FULL,
    /** Everything staged on this server would pass its cap. */
    SERVER_FULL,
    /** The staging disk would not keep its free margin. */
    DISK_FULL
  }

  /** The caps; {@code perLink} and {@code perServer} in declared bytes, {@code keepFree} in bytes of disk. */
  record Caps(long perLink, long perServer, long keepFree) {}

  private record Entry(String link, SubmissionId submission, long declared, long written) {}

  private final Caps caps;
  private final LongSupplier usableSpace;
  private final Map<String, Entry> uploads = new HashMap<>();
  private final Map<String, Long> transientByLink = new HashMap<>();
  private long transientTotal;

  StagingQuota(Caps caps, LongSupplier usableSpace) {
    this.caps = caps;
    this.usableSpace = usableSpace;
  }

  /**
   * Reserves room for a new upload of {@code length} bytes into {@code submission}, which holds
   * {@code items} now; returns why not, or null when granted (the caller must then {@link #release}).
   */
  synchronized @Nullable Refusal reserve(String id, String link, SubmissionId submission, long length, Limits limits,
      List<EvidenceItem> items) {
    int files = items.size();
    long bytes = items.stream().mapToLong(EvidenceItem::size).sum();
    long linkTotal = transientByLink.getOrDefault(link, 0L);
    long serverTotal = transientTotal;
    long outstanding = 0;
    for (Entry e : uploads.values()) {
      if (e.submission().equals(submission)) {
        files++;
        bytes = saturatedAdd(bytes, e.declared());
      }
      if (e.link().equals(link)) {
        linkTotal = saturatedAdd(linkTotal, e.declared());
      }
      serverTotal = saturatedAdd(serverTotal, e.declared());
      outstanding = saturatedAdd(outstanding, e.declared() - e.written());
    }
    if (files + 1 > limits.maxFilesPerSubmission()) {
      return Refusal.TOO_MANY_FILES;
    }
    if (saturatedAdd(bytes, length) > limits.maxBytesPerSubmission()) {
      return Refusal.TOO_BIG_TOTAL;
    }
    Refusal room = room(link, length, linkTotal, serverTotal, outstanding);
    if (room != null) {
      return room;
    }
    uploads.put(id, new Entry(link, submission, length, 0));
    return null;
  }

  /** Bytes of an upload now on disk: no longer outstanding for the disk check. */
  synchronized void progress(String id, long written) {
    Entry e = uploads.get(id);
    if (e != null) {
      uploads.put(id, new Entry(e.link(), e.submission(), e.declared(), Math.min(written, e.declared())));
    }
  }

  /** The uploads counted now. */
  synchronized List<String> reservedIds() {
    return List.copyOf(uploads.keySet());
  }

  /** The upload finished (its file is now an item), was terminated or expired. Idempotent. */
  synchronized void release(String id) {
    uploads.remove(id);
  }

  /** Counts an upload found in the staging directory on start. */
  synchronized void restore(String id, String link, SubmissionId submission, long declared, long written) {
    uploads.put(id, new Entry(link, submission, declared, Math.min(written, declared)));
  }

  /** Reserves {@code bytes} for a form upload's spill files; returns why not, or null (then {@link #releaseTransient}). */
  synchronized @Nullable Refusal reserveTransient(String link, long bytes) {
    long linkTotal = transientByLink.getOrDefault(link, 0L);
    long serverTotal = transientTotal;
    long outstanding = 0;
    for (Entry e : uploads.values()) {
      if (e.link().equals(link)) {
        linkTotal = saturatedAdd(linkTotal, e.declared());
      }
      serverTotal = saturatedAdd(serverTotal, e.declared());
      outstanding = saturatedAdd(outstanding, e.declared() - e.written());
    }
    Refusal room = room(link, bytes, linkTotal, serverTotal, outstanding);
    if (room != null) {
      return room;
    }
    transientByLink.merge(link, bytes, StagingQuota::saturatedAdd);
    transientTotal = saturatedAdd(transientTotal, bytes);
    return null;
  }

  synchronized void releaseTransient(String link, long bytes) {
    transientByLink.computeIfPresent(link, (k, v) -> v - bytes <= 0 ? null : v - bytes);
    transientTotal = Math.max(0, transientTotal - bytes);
  }

  /** What a submission's unfinished uploads will add: their number and declared bytes. */
  record Pending(int files, long bytes) {}

  synchronized Pending pending(SubmissionId submission) {
    int files = 0;
    long bytes = 0;
    for (Entry e : uploads.values()) {
      if (e.submission().equals(submission)) {
        files++;
        bytes = saturatedAdd(bytes, e.declared());
      }
    }
    return new Pending(files, bytes);
  }

  /** Unfinished uploads counted now (for tests and operators). */
  synchronized int unfinished() {
    return uploads.size();
  }

  private @Nullable Refusal room(String link, long length, long linkTotal, long serverTotal, long outstanding) {
    if (saturatedAdd(linkTotal, length) > caps.perLink()) {
      return Refusal.LINK_FULL;
    }
    if (saturatedAdd(serverTotal, length) > caps.perServer()) {
      return Refusal.SERVER_FULL;
    }
    // Transient spills are being written as we speak: count them as outstanding too.
    long needed = saturatedAdd(saturatedAdd(saturatedAdd(outstanding, transientTotal), length), caps.keepFree());
    if (needed > usableSpace.getAsLong()) {
      return Refusal.DISK_FULL;
    }
    return null;
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }
}
