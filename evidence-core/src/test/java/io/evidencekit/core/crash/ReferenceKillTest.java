package io.evidencekit.core.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.core.testing.DatabaseKind;
import io.evidencekit.core.testing.PostgresExtension;
import io.evidencekit.tck.crash.ChildJvm;
import io.evidencekit.tck.crash.CrashPoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kills a process that is creating requests (each takes the next force reference) with SIGKILL: parked
 * after the reference was allocated and the request written but before the commit, parked just after the
 * commit, or at a random moment; then restarts it on the same data. A reference the engine returned is
 * issued: it must still be there, naming the same request, and never be given to another one. Prints its
 * seed ({@code -Dkillloop.seed=} repeats a run); {@code -Dkillloop.referenceRounds=} sets the number of kills.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@ExtendWith(PostgresExtension.class)
@DisplayName("Force references across a SIGKILL")
class ReferenceKillTest {
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  @Parameter
  DatabaseKind database;

  @TempDir
  Path data;

  @Test
  @DisplayName("no issued reference is lost or issued again, whether the kill lands before the commit, just after it, or anywhere")
  void referencesSurviveKills(PostgresExtension.Lazy postgres) throws Exception {
    long seed = Long.getLong("killloop.seed", System.nanoTime());
    System.out.println("ReferenceKillTest on " + database + ": seed " + seed);
    Random random = new Random(seed);
    String db = database == DatabaseKind.H2 ? "h2" : postgres.get().freshDatabaseUrl();
    int rounds = Integer.getInteger("killloop.referenceRounds", 3);
    // Every reference known to be issued (returned by createRequest, or seen committed), with its request.
    Map<String, String> issued = new HashMap<>();
    String previous = "none";
    int parkedBefore = 0;
    int parkedAfter = 0;
    for (int round = 0; round <= rounds; round++) {
      boolean last = round == rounds;
      String crash = last ? "none" : switch (round % 3) {
        case 0 -> CrashPoint.BEFORE_COMMIT + ":" + (1 + random.nextInt(4));
        case 1 -> CrashPoint.AFTER_COMMIT + ":" + (1 + random.nextInt(4));
        default -> "none";
      };
      try (ChildJvm child = ChildJvm.start(ReferenceIssuer.class,
          List.of(data.toString(), db, crash, last ? "2" : "1000"), data.resolve("child.log"))) {
        assertThat(child.await("READY"::equals, PATIENCE)).as("child started (log: %s)", data.resolve("child.log")).isPresent();
        Map<String, String> have = new HashMap<>();
        for (String line : child.seen()) {
          if (line.startsWith("HAVE ")) {
            String[] f = line.split(" ");
            have.put(f[1], f[2]);
          }
        }
        for (Map.Entry<String, String> e : issued.entrySet()) {
          assertThat(have.get(e.getKey())).as("reference %s, issued before the kill in round %d", e.getKey(), round - 1)
              .isEqualTo(e.getValue());
        }
        if (previous.startsWith(CrashPoint.BEFORE_COMMIT)) {
          assertThat(have).as("the request whose commit was cut off is not there").hasSameSizeAs(issued);
        } else if (previous.startsWith(CrashPoint.AFTER_COMMIT)) {
          assertThat(have).as("the request committed just before the kill is there").hasSize(issued.size() + 1);
        }
        issued.putAll(have);
        if (last) {
          assertThat(child.awaitExit(PATIENCE)).isZero();
        } else if (!crash.equals("none")) {
          Optional<String> parked = child.await(line -> line.startsWith("PARKED "), PATIENCE);
          assertThat(parked).as("reached %s", crash).isPresent();
          if (crash.startsWith(CrashPoint.BEFORE_COMMIT)) {
            parkedBefore++;
          } else {
            parkedAfter++;
          }
          child.kill();
        } else {
          Thread.sleep(random.nextInt(400));
          child.kill();
        }
        for (String line : child.seen()) {
          if (line.startsWith("REF ")) {
            String[] f = line.split(" ");
            assertThat(issued.putIfAbsent(f[1], f[2])).as("reference %s issued again", f[1]).isNull();
          }
        }
      }
      previous = crash;
    }
    System.out.printf("ReferenceKillTest on %s: %d kills (%d before a commit, %d just after one), %d references issued,"
        + " none lost or reused%n", database, rounds, parkedBefore, parkedAfter, issued.size());
    assertThat(issued).hasSizeGreaterThan(rounds);
  }

}
