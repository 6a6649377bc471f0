package io.evidencekit.core.custody;

import io.evidencekit.api.Actor;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.InvitationId;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.RequestId;
import io.evidencekit.core.internal.Database;
import io.evidencekit.core.internal.EmbeddedH2;
import io.evidencekit.core.internal.EngineClock;
import io.evidencekit.verify.Ed25519CheckpointSigner;
import io.evidencekit.verify.InclusionProof;
import io.evidencekit.verify.SignedCheckpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The custody log's benchmark (a main, not a timed test): appends N events (default 1,000,000) in
 * batches on a fresh embedded H2 database through the engine's own append path ({@link CustodyLog#append}
 * in one transaction per batch: the same leaf, tile and head-lock code as every engine act), then
 * produces inclusion proofs for random leaves from the stored tiles, then audits the whole log
 * ({@link LogAuditor}: bodies re-hashed, leaves and tree rebuilt, checkpoint checked). The baseline is
 * plain SHA-256 (JDK) over every event body, the least any audit must hash, measured in the same run.
 *
 * <p>Run: {@code mvn -q -pl evidence-core -am -Pbench-log -DskipTests test-compile exec:java}
 * (optional {@code -Dexec.args="EVENTS BATCH"}).
 */
public final class CustodyLogBenchmark {
  private static final int PROOFS = 10_000;

  private CustodyLogBenchmark() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    Path target = Files.createDirectories(Path.of(System.getProperty("bench.dir", "target")));
    Path dir = Files.createTempDirectory(target, "custody-bench");
    DataSource h2 = EmbeddedH2.open(dir);
    try {
      run(h2, events, batch);
    } finally {
      EmbeddedH2.shutdown(h2);
    }
  }

  private static void run(DataSource h2, int events, int batch) throws Exception {
    Database db = Database.migrateAndOpen(h2);
    CustodyLog custody = new CustodyLog(new com.fasterxml.jackson.databind.ObjectMapper());
    Random random = new Random(42);
    Instant start = Instant.parse("2024-05-03T09:00:00Z");
    System.out.printf("custody log benchmark: %,d events in batches of %,d on embedded H2; %d CPUs, load average %.1f%n",
        events, batch, Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

    // The CPU times show what the append costs when other work shares the machine: the appending
    // thread's own, and the whole process's (H2 serialises pages on a thread of its own).
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long appendCpu = 0;
    long processCpu0 = processCpuNanos();
    long appendNanos = 0;
    for (int done = 0; done < events; ) {
      int n = Math.min(batch, events - done);
      List<PendingEvent> pending = generate(random, start, done, n);
      long cpu0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      db.inTransaction(h -> custody.append(h, pending));
      appendNanos += System.nanoTime() - t0;
      appendCpu += threads.getCurrentThreadCpuTime() - cpu0;
      done += n;
      if (done % 200_000 == 0) {
        System.out.printf("  appended %,d%n", done);
      }
    }
    long processCpu = processCpuNanos() - processCpu0;
    long size = db.read(custody::size);
    System.out.printf("append:     %,d events in %.2f s = %,.0f events/s (goal >= 50,000; CPU time of the appending thread %.2f s,"
            + " of the process %.2f s, generating the events included)%n",
        size, appendNanos / 1e9, size / (appendNanos / 1e9), appendCpu / 1e9, processCpu / 1e9);

    Ed25519CheckpointSigner signer = Ed25519CheckpointSigner.generate("evidencekit.bench/custody", new SecureRandom());
    Checkpoints checkpoints = new Checkpoints(db, new EngineClock(Clock.systemUTC()), custody, signer.keyName(), signer,
        Optional.empty());
    SignedCheckpoint checkpoint = checkpoints.make();

    // Proofs for random leaves, each read from the stored tiles on its own connection, as the engine does.
    for (int i = 0; i < 1_000; i++) {
      long leaf = Math.floorMod(random.nextLong(), size);
      db.read(h -> custody.inclusionProof(h, leaf, size));
    }
    long[] proofNanos = new long[PROOFS];
    for (int i = 0; i < PROOFS; i++) {
      long leaf = Math.floorMod(random.nextLong(), size);
      long t0 = System.nanoTime();
      InclusionProof proof = db.read(h -> custody.inclusionProof(h, leaf, size));
      proofNanos[i] = System.nanoTime() - t0;
      if (i % 1_000 == 0 && !(proof.verify().valid() && Arrays.equals(proof.root(), checkpoint.checkpoint().root()))) {
        throw new AssertionError("proof for leaf " + leaf + " does not verify");
      }
    }
    Arrays.sort(proofNanos);
    System.out.printf("proofs:     %,d random leaves, mean %.3f ms, median %.3f ms, p99 %.3f ms (goal < 1 ms)%n", PROOFS,
        Arrays.stream(proofNanos).average().orElse(0) / 1e6, proofNanos[PROOFS / 2] / 1e6, proofNanos[PROOFS * 99 / 100] / 1e6);

    long cpu0 = threads.getCurrentThreadCpuTime();
    long auditProcessCpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    AuditReport report = LogAuditor.of(h2).audit(Optional.of(signer.verifierKey()));
    long auditNanos = System.nanoTime() - t0;
    long auditCpu = threads.getCurrentThreadCpuTime() - cpu0;
    long auditProcessCpu = processCpuNanos() - auditProcessCpu0;
    if (!report.intact() || report.treeSize() != size) {
      throw new AssertionError("the audit found problems: " + report);
    }
    System.out.printf("audit:      %,d events and %d checkpoint in %.2f s (goal < 5 s; CPU time of the auditing thread %.2f s,"
            + " of the process %.2f s)%n",
        size, report.checkpoints(), auditNanos / 1e9, auditCpu / 1e9, auditProcessCpu / 1e9);

    long[] bytes = {0};
    long shaNanos = baseline(db, size, bytes);
    System.out.printf("baseline:   SHA-256 of every event body (%,d bytes) %.3f s%n", bytes[0], shaNanos / 1e9);
    System.out.printf("audit_ratio=%.2f%n", (double) auditNanos / shaNanos);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Times only the hashing of the bodies, read in chunks beforehand. */
  private static long baseline(Database db, long size, long[] bytes) throws Exception {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    long nanos = 0;
    int chunk = 50_000;
    for (long from = 0; from < size; from += chunk) {
      long first = from;
      List<byte[]> bodies = db.read(h -> h.createQuery("SELECT body FROM custody_event WHERE seq >= :a AND seq < :b ORDER BY seq")
          .bind("a", first).bind("b", first + chunk)
          .map((rs, ctx) -> rs.getString(1).getBytes(StandardCharsets.UTF_8)).list());
      long t0 = System.nanoTime();
      for (byte[] body : bodies) {
        sha256.digest(body);
      }
      nanos += System.nanoTime() - t0;
      bodies.forEach(b -> bytes[0] += b.length);
    }
    return nanos;
  }

  /** A realistic mix: per request, creation, a link, a submission with files, views and downloads. */
  static List<PendingEvent> generate(Random random, Instant start, int offset, int n) {
    List<PendingEvent> events = new ArrayList<>(n);
    HexFormat hex = HexFormat.of();
    Actor.Officer officer = Actor.Officer.of("pc-" + (4000 + random.nextInt(900)), "Wright, D.");
    RequestId request = new RequestId(new UUID(random.nextLong(), random.nextLong()));
    Actor.PublicSubmitter member = new Actor.PublicSubmitter(new InvitationId(new UUID(random.nextLong(), random.nextLong())),
        "D Smith");
    for (int i = 0; i < n; i++) {
      Instant at = start.plusMillis(offset + i);
      byte[] digest = new byte[32];
      random.nextBytes(digest);
      PendingEvent event = switch ((offset + i) % 8) {
        case 0 -> PendingEvent.about(at, officer, CustodyAction.REQUEST_CREATED, request, Map.of("reference", "46/" + (offset + i) + "/24"));
        case 1, 2, 3 -> PendingEvent.about(at, member, CustodyAction.ITEM_RECEIVED, request, Map.of(
                "name", "front-camera " + i + ".mp4", "size", Integer.toString(random.nextInt(1 << 30)), "sha256", hex.formatHex(digest),
                "type", "video/mp4"))
            .withItem(new ItemId(new UUID(random.nextLong(), random.nextLong())));
        case 4 -> PendingEvent.about(at, member, CustodyAction.SUBMISSION_SUBMITTED, request, Map.of("files", "3"));
        default -> PendingEvent.about(at, officer, CustodyAction.ITEM_VIEWED, request, Map.of("range", "all", "rule", "requesting officer",
                "sha256", hex.formatHex(digest)))
            .withItem(new ItemId(new UUID(random.nextLong(), random.nextLong())))
            .withReason("review submitted footage");
      };
      events.add(event);
    }
    return events;
  }
}
