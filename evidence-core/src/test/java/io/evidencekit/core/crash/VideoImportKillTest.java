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
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A video import from a platform's export folder, killed with SIGKILL at chosen moments (a blob durable but
 * not recorded, the n-th commit about to happen or just made) and at random ones, then run again. After
 * every restart: no recording is recorded twice, every recording gone from the export (deleted at source)
 * has a recorded and verified copy, the consultations without consent are still at the source and not
 * imported, and the custody log is intact and never shorter. At the end every consented recording is
 * imported exactly once and deleted at source. Prints its seed; {@code -Dkillloop.videoRounds=} sets the
 * number of kills.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@ExtendWith(PostgresExtension.class)
@DisplayName("Video import across SIGKILLs")
class VideoImportKillTest {
  private static final Duration PATIENCE = Duration.ofMinutes(3);
  private static final int CONSULTATIONS = 6;
  /** Consultations above this number have no consent record: held, never imported, never deleted. */
  private static final int CONSENTED = 4;

  @Parameter
  DatabaseKind database;

  @TempDir
  Path data;

  @TempDir
  Path exports;

  /** What a child saw in the database before its pass. */
  private record Seen(List<String> itemNames, Map<String, String> itemShas, Map<String, String[]> recordings,
      long logSize) {}

  @Test
  @DisplayName("after a kill at any moment, a restart imports every consented recording exactly once and deletes none before its verified copy is recorded")
  void importSurvivesKills(PostgresExtension.Lazy postgres) throws Exception {
    long seed = Long.getLong("killloop.seed", System.nanoTime());
    System.out.println("VideoImportKillTest on " + database + ": seed " + seed);
    Random random = new Random(seed);
    String db = database == DatabaseKind.H2 ? "h2" : postgres.get().freshDatabaseUrl();
    int rounds = Integer.getInteger("killloop.videoRounds", 5);
    Path export = Files.createDirectories(exports.resolve("goodsam"));
    Map<String, String> media = new HashMap<>(); // "vc-n/rec-k" -> sha256
    for (int n = 1; n <= CONSULTATIONS; n++) {
      publish(export, random, n, media);
    }
    VisibleBlobs blobs = new VisibleBlobs(data.resolve("blobs"));
    long logSize = 0;
    int parked = 0;
    for (int round = 0; round <= rounds; round++) {
      boolean last = round == rounds;
      String crash = last ? "none" : switch (round % 4) {
        case 1 -> CrashPoint.BLOB_DURABLE + ":" + (1 + random.nextInt(4));
        case 2 -> CrashPoint.BEFORE_COMMIT + ":" + (1 + random.nextInt(14));
        case 3 -> CrashPoint.AFTER_COMMIT + ":" + (1 + random.nextInt(14));
        default -> "none";
      };
      try (ChildJvm child = start(db, crash, export)) {
        assertThat(child.await("READY"::equals, PATIENCE)).as("child started (log: %s)", data.resolve("child.log"))
            .isPresent();
        logSize = check(seen(child.seen()), media, export, blobs, logSize, round);
        if (last) {
          assertThat(child.awaitExit(PATIENCE)).isZero();
        } else if (!crash.equals("none")) {
          if (child.await(line -> line.startsWith("PARKED ") || line.equals("DONE"), PATIENCE).orElse("")
              .startsWith("PARKED")) {
            parked++;
          }
          child.kill();
        } else {
          child.await(line -> false, Duration.ofMillis(random.nextInt(1500)));
          child.kill();
        }
      }
    }
    try (ChildJvm check = start(db, "none", export)) {
      assertThat(check.await("READY"::equals, PATIENCE)).isPresent();
      Seen seen = seen(check.seen());
      check(seen, media, export, blobs, logSize, rounds + 1);
      assertThat(check.awaitExit(PATIENCE)).isZero();
      assertThat(check.seen()).as("nothing left to import or delete").contains("REPORT 0 0");
      List<String> consented = media.keySet().stream().filter(k -> number(k) <= CONSENTED).sorted().toList();
      assertThat(seen.itemNames()).as("every consented recording imported exactly once")
          .containsExactlyInAnyOrderElementsOf(consented);
      for (String name : consented) {
        assertThat(seen.itemShas().get(name)).as("the copy of %s", name).isEqualTo(media.get(name));
        assertThat(seen.recordings().get(name)[2]).as("%s deleted at source", name).isNotEqualTo("-");
        assertThat(export.resolve(file(name))).doesNotExist();
      }
    }
    System.out.printf("VideoImportKillTest on %s: %d kills (%d at a chosen point), %d recordings, none lost, "
        + "recorded twice or deleted unverified%n", database, rounds, parked, media.size());
  }

  private ChildJvm start(String db, String crash, Path export) throws IOException {
    return ChildJvm.start(VideoImportRunner.class, List.of(data.toString(), db, crash, export.toString(),
        Integer.toString(CONSULTATIONS)), data.resolve("child.log"));
  }

  private static Seen seen(List<String> lines) {
    List<String> names = new ArrayList<>();
    Map<String, String> shas = new HashMap<>();
    Map<String, String[]> recordings = new HashMap<>();
    long logSize = -1;
    for (String line : lines) {
      String[] f = line.split(" ");
      switch (f[0]) {
        case "ITEM" -> {
          names.add(f[2]);
          shas.put(f[2], f[1]);
        }
        case "REC" -> recordings.put(f[1] + "/" + f[2], new String[] {f[3], f[4], f[5]});
        case "AUDIT" -> {
          assertThat(f[1]).as("custody log audit").isEqualTo("true");
          logSize = Long.parseLong(f[2]);
        }
        default -> { }
      }
    }
    return new Seen(names, shas, recordings, logSize);
  }

  private static long check(Seen seen, Map<String, String> media, Path export, VisibleBlobs blobs, long logSizeBefore,
      int round) throws IOException {
    assertThat(seen.logSize()).as("round %d: the custody log never shrinks", round).isGreaterThanOrEqualTo(logSizeBefore);
    assertThat(seen.itemNames()).as("round %d: no recording recorded twice", round).doesNotHaveDuplicates();
    assertThat(blobs.partial()).as("round %d: visible blobs are whole", round).isEmpty();
    for (Map.Entry<String, String> m : media.entrySet()) {
      String name = m.getKey();
      if (number(name) > CONSENTED) {
        assertThat(seen.itemNames()).as("round %d: %s (no consent) not imported", round, name).doesNotContain(name);
        assertThat(export.resolve(file(name))).as("round %d: %s (no consent) still at source", round, name).exists();
      } else if (!Files.exists(export.resolve(file(name)))) {
        String[] rec = seen.recordings().get(name);
        assertThat(rec).as("round %d: %s gone from the source is known", round, name).isNotNull();
        assertThat(rec[0]).as("round %d: %s deleted at source has a recorded copy", round, name).isNotEqualTo("-");
        assertThat(rec[1]).as("round %d: %s deleted at source was verified first", round, name).isNotEqualTo("-");
        assertThat(seen.itemShas().get(name)).as("round %d: the copy of %s", round, name).isEqualTo(m.getValue());
      }
    }
    return seen.logSize();
  }

  private static int number(String name) {
    return Integer.parseInt(name.substring(3, name.indexOf('/')));
  }

  /** The media file of {@code vc-n/rec-k} in the export. */
  private static String file(String name) {
    return name.replace("/rec-", "-") + ".mp4";
  }

  /** Consultation {@code vc-n}: one or two recordings of up to 2 MiB, consent for the first {@link #CONSENTED}. */
  private static void publish(Path export, Random random, int n, Map<String, String> media) throws IOException {
    int count = 1 + random.nextInt(2);
    StringBuilder recordings = new StringBuilder();
    for (int k = 1; k <= count; k++) {
      byte[] bytes = new byte[1 + random.nextInt(2 << 20)];
      random.nextBytes(bytes);
      String name = "vc-" + n + "/rec-" + k;
      Files.write(export.resolve(file(name)), bytes);
      String sha = VisibleBlobs.sha256(export.resolve(file(name)));
      media.put(name, sha);
      recordings.append(k > 1 ? ", " : "").append("""
          {"id": "rec-%d", "file": "%s", "size": %d, "mediaType": "video/mp4", "sha256": "%s"}"""
          .formatted(k, file(name), bytes.length, sha));
    }
    String consent = n > CONSENTED ? "null" : """
        {"givenBy": "Sam Caller", "at": "2026-11-02T21:33:10Z", "method": "SPOKEN_ON_CALL", "decision": "GIVEN",
         "recordingNoticeGiven": true, "othersPresent": [], "collateralIntrusionNote": null}""";
    Files.writeString(export.resolve("vc-" + n + ".json"), """
        {"format": "evidencekit-video-export/1", "consultationId": "vc-%d", "callReference": "CAD-%d",
         "officer": {"userId": "pc1234", "displayName": "PC Kim Officer"}, "caller": "Sam Caller",
         "start": "2026-11-02T%02d:00:00Z", "end": "2026-11-02T%02d:30:00Z",
         "recordings": [%s], "consent": %s}""".formatted(n, 4000 + n, n, n, recordings, consent));
  }
}
