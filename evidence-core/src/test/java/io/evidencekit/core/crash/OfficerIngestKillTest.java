package io.evidencekit.core.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.core.testing.DatabaseKind;
import io.evidencekit.core.testing.PostgresExtension;
import io.evidencekit.tck.crash.ChildJvm;
import io.evidencekit.tck.crash.CrashPoint;
import io.evidencekit.tck.crash.VisibleBlobs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An officer's ingest from a USB export, killed with SIGKILL at random moments and at chosen ones (a blob
 * durable but not recorded, a record written but not committed, a record committed but not yet reported),
 * then run again on the same data, as an officer would after a crash. Between runs the export gains files
 * and a file changes. After every restart: every file reported ingested is recorded exactly once, no
 * file (path and content) is recorded twice, every receipt's submission holds exactly its files, the
 * custody log is intact and never shorter than before, and every visible blob is whole. Prints its seed;
 * {@code -Dkillloop.ingestRounds=} sets the number of kills.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@ExtendWith(PostgresExtension.class)
@DisplayName("Officer ingest across SIGKILLs")
class OfficerIngestKillTest {
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  @Parameter
  DatabaseKind database;

  @TempDir
  Path data;

  @TempDir
  Path usb;

  private record File(String path, String sha256) {}

  @Test
  @DisplayName("a re-run after a kill at any moment records each file exactly once and loses nothing it reported")
  void ingestSurvivesKills(PostgresExtension.Lazy postgres) throws Exception {
    long seed = Long.getLong("killloop.seed", System.nanoTime());
    System.out.println("OfficerIngestKillTest on " + database + ": seed " + seed);
    Random random = new Random(seed);
    String db = database == DatabaseKind.H2 ? "h2" : postgres.get().freshDatabaseUrl();
    int rounds = Integer.getInteger("killloop.ingestRounds", 4);
    Path export = Files.createDirectories(usb.resolve("EXPORT_0503"));
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      files.add(write(export, random, i));
    }
    VisibleBlobs blobs = new VisibleBlobs(data.resolve("blobs"));
    Set<File> acknowledged = new HashSet<>();
    Map<String, Set<File>> receipts = new HashMap<>();
    long logSize = 0;
    int parked = 0;
    for (int round = 0; round <= rounds; round++) {
      boolean last = round == rounds;
      if (!last && round > 0) {
        files.add(write(export, random, files.size()));
        if (random.nextInt(3) == 0) {
          write(export, random, random.nextInt(files.size())); // an existing file changes: ingested again
        }
      }
      String crash = last ? "none" : switch (round % 4) {
        case 1 -> CrashPoint.BLOB_DURABLE + ":" + (1 + random.nextInt(2));
        case 2 -> CrashPoint.BEFORE_COMMIT + ":" + (1 + random.nextInt(3));
        case 3 -> CrashPoint.AFTER_COMMIT + ":" + (1 + random.nextInt(3));
        default -> "none";
      };
      assertThat(partialBlobs(blobs)).as("visible blobs are whole").isEmpty();
      try (ChildJvm child = ChildJvm.start(OfficerIngestRunner.class, List.of(data.toString(), db, crash,
          export.toString()), data.resolve("child.log"))) {
        assertThat(child.await("READY"::equals, PATIENCE)).as("child started (log: %s)", data.resolve("child.log"))
            .isPresent();
        logSize = check(child.seen(), acknowledged, receipts, blobs, logSize, round);
        if (last) {
          assertThat(child.awaitExit(PATIENCE)).isZero();
        } else if (!crash.equals("none")) {
          if (child.await(line -> line.startsWith("PARKED ") || line.equals("DONE"), PATIENCE).orElse("")
              .startsWith("PARKED")) {
            parked++;
          }
          child.kill();
        } else {
          Thread.sleep(random.nextInt(1500));
          child.kill();
        }
        collect(child.seen(), acknowledged, receipts);
      }
    }
    Set<File> now = new HashSet<>();
    for (Path f : files) {
      now.add(new File(export.getParent().relativize(f).toString().replace('\\', '/'), VisibleBlobs.sha256(f)));
    }
    assertThat(acknowledged).as("the last run reported every file of the export").containsAll(now);
    try (ChildJvm check = ChildJvm.start(OfficerIngestRunner.class, List.of(data.toString(), db, "none",
        export.toString()), data.resolve("child.log"))) {
      assertThat(check.await("READY"::equals, PATIENCE)).isPresent();
      check(check.seen(), acknowledged, receipts, blobs, logSize, rounds + 1);
      assertThat(check.awaitExit(PATIENCE)).isZero();
      assertThat(check.seen()).as("nothing left to ingest").noneMatch(l -> l.startsWith("FILE new"));
    }
    System.out.printf("OfficerIngestKillTest on %s: %d kills (%d at a chosen point), %d files reported, %d receipts,"
        + " nothing lost or recorded twice%n", database, rounds, parked, acknowledged.size(), receipts.size());
  }

  /** Checks what the restarted child found in the database; returns the custody log's size. */
  private static long check(List<String> lines, Set<File> acknowledged, Map<String, Set<File>> receipts,
      VisibleBlobs blobs, long logSizeBefore, int round) {
    List<File> items = new ArrayList<>();
    Map<String, Set<File>> submitted = new HashMap<>();
    long logSize = -1;
    for (String line : lines) {
      String[] f = line.split(" ", 5);
      if (f[0].equals("ITEM")) {
        File file = new File(f[4], f[3]);
        items.add(file);
        if (f[2].equals("SUBMITTED")) {
          submitted.computeIfAbsent(f[1], k -> new HashSet<>()).add(file);
        }
        assertThat(blobs.has(file.sha256())).as("the blob of %s is stored", file).isTrue();
      } else if (f[0].equals("AUDIT")) {
        assertThat(f[1]).as("round %d: custody log audit %s", round, line).isEqualTo("true");
        logSize = Long.parseLong(f[2]);
      }
    }
    assertThat(logSize).as("round %d: the custody log never shrinks", round).isGreaterThanOrEqualTo(logSizeBefore);
    assertThat(items).as("round %d: no file recorded twice", round).doesNotHaveDuplicates();
    assertThat(items).as("round %d: every file reported before the kill is recorded", round).containsAll(acknowledged);
    receipts.forEach((submission, lines2) -> assertThat(submitted.get(submission))
        .as("round %d: submission %s holds exactly its receipt's files", round, submission).isEqualTo(lines2));
    return logSize;
  }

  private static void collect(List<String> lines, Set<File> acknowledged, Map<String, Set<File>> receipts) {
    String receipt = null;
    for (String line : lines) {
      String[] f = line.split(" ", 4);
      switch (f[0]) {
        case "FILE" -> acknowledged.add(new File(f[3], f[2]));
        case "RECEIPT" -> {
          receipt = f[1];
          receipts.put(receipt, new HashSet<>());
        }
        case "LINE" -> receipts.get(receipt).add(new File(line.split(" ", 3)[2], f[1]));
        default -> { }
      }
    }
  }

  private static List<String> partialBlobs(VisibleBlobs blobs) throws IOException {
    return blobs.partial();
  }

  /** Writes file {@code i} of the export (0 bytes to 3 MiB, in a camera folder or at the top) with new content. */
  private static Path write(Path export, Random random, int i) throws IOException {
    Path dir = i % 3 == 0 ? export : export.resolve("CAM0" + (i % 3));
    Files.createDirectories(dir);
    byte[] content = new byte[i == 0 ? 0 : random.nextInt(3 << 20)];
    random.nextBytes(content);
    Path file = dir.resolve("clip" + i + ".264");
    Files.write(file, content);
    return file;
  }
}
