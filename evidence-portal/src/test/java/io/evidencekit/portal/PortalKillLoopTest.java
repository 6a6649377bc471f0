package io.evidencekit.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.tck.crash.ChildJvm;
import io.evidencekit.tck.crash.CrashPoint;
import io.evidencekit.tck.crash.VisibleBlobs;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine and the portal in a child JVM (the README's {@code --serve}), killed with SIGKILL over and
 * over at moments across the whole upload lifecycle, each time restarted on the same data and checked
 * against everything its client was told: in the middle of a PATCH, just after the 204 that named an
 * item, between a blob made durable and its record, between the record and the portal's {@code done}
 * marker, just after a submission committed, during start-up, and at random moments. After every restart:
 * every acknowledged byte is still there (HEAD never stands below it), every acknowledged item is there
 * exactly once, every receipt's submission holds exactly its files, no issued reference is lost or issued
 * again, the custody log audits intact and never shrinks, and every visible blob is whole.
 *
 * <p>Runs on the embedded default (H2) and on PostgreSQL (embedded binaries, {@code synchronous_commit=on};
 * the child is killed, the database server is not). Prints its seed ({@code -Dkillloop.seed=} repeats a
 * run). {@code mvn verify} runs a bounded number of kills ({@code killloop.rounds}, default 20 on H2 and 8 on
 * PostgreSQL, cut short after {@code killloop.seconds}, default 60, once every kind of kill has run once);
 * {@code -Dkillloop.rounds=500} runs 500 with no time limit.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(PortalKillLoopTest.Database.class)
@DisplayName("The portal killed with SIGKILL across the upload lifecycle")
class PortalKillLoopTest {
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  enum Database { H2, POSTGRESQL }

  /** Where and how a round's kill lands. */
  enum Kill { RANDOM, MID_PATCH, AFTER_ITEM, BLOB_DURABLE, ITEM_RECORDED, SUBMITTED, START_UP }

  @Parameter
  Database database;

  @TempDir
  Path data;

  @Test
  @DisplayName("loses nothing acknowledged and records nothing twice, kill after kill")
  void killLoop() throws Exception {
    long seed = Long.getLong("killloop.seed", System.nanoTime());
    Integer asked = Integer.getInteger("killloop.rounds");
    int rounds = asked != null ? asked : database == Database.H2 ? 20 : 8;
    long seconds = Long.getLong("killloop.seconds", asked != null ? 0 : 60);
    System.out.println("PortalKillLoopTest on " + database + ": seed " + seed + ", up to " + rounds + " kills"
        + (seconds > 0 ? " or " + seconds + " s" : ""));
    Random random = new Random(seed);
    if (database == Database.H2) {
      run(random, rounds, seconds, "h2");
    } else {
      try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start()) {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
          s.execute("CREATE DATABASE killloop");
        }
        run(random, rounds, seconds, pg.getJdbcUrl("postgres", "killloop"));
      }
    }
  }

  private void run(Random random, int rounds, long seconds, String db) throws Exception {
    KillLoopModel model = new KillLoopModel();
    VisibleBlobs blobs = new VisibleBlobs(data.resolve("blobs"));
    Path log = data.resolve("child.log");
    Map<Kill, Integer> kills = new EnumMap<>(Kill.class);
    long began = System.nanoTime();
    long startUpNanos = TimeUnit.SECONDS.toNanos(5);
    int patches = 0;
    int resumed = 0;
    int replayed = 0;
    for (int round = 0; round < rounds; round++) {
      if (seconds > 0 && round > Kill.values().length && System.nanoTime() - began > TimeUnit.SECONDS.toNanos(seconds)) {
        break; // every kind of kill ran at least once; the time allowed for a default run is used up
      }
      // The first round sets the data up (link, first request); then every kind of kill in turn, then at random.
      Kill kill = round == 0 ? Kill.RANDOM : round <= Kill.values().length ? Kill.values()[round - 1]
          : Kill.values()[random.nextInt(Kill.values().length)];
      String crash = switch (kill) {
        case BLOB_DURABLE -> CrashPoint.BLOB_DURABLE + ":" + (1 + random.nextInt(2));
        case ITEM_RECORDED -> ParkingPublicSide.ITEM_RECORDED + ":" + (1 + random.nextInt(2));
        case SUBMITTED -> ParkingPublicSide.SUBMITTED + ":1";
        default -> "none";
      };
      assertThat(blobs.partial()).as("round %d: every visible blob is whole", round).isEmpty();
      long spawned = System.nanoTime();
      try (ChildJvm child = ChildJvm.start(KillLoopHost.class, List.of(data.toString(), db, crash), log)) {
        if (kill == Kill.START_UP) {
          Thread.sleep(TimeUnit.NANOSECONDS.toMillis((long) (startUpNanos * random.nextDouble())));
          child.kill();
          count(kills, kill);
          continue;
        }
        Optional<String> ready = child.await(line -> line.startsWith("READY "), PATIENCE);
        assertThat(ready).as("round %d: the portal started (log: %s)", round, log).isPresent();
        startUpNanos = System.nanoTime() - spawned;
        assertThat(model.check(child.seen(), blobs)).as("round %d: what the portal holds after the kill before", round)
            .isEmpty();
        String[] r = ready.get().split(" ");
        KillLoopWorkload workload = new KillLoopWorkload(new KillLoopClient(Integer.parseInt(r[1]), r[2]), model,
            new Random(random.nextLong()), kill == Kill.AFTER_ITEM, kill == Kill.MID_PATCH);
        Thread worker = new Thread(workload, "kill-loop-client");
        worker.start();
        switch (kill) {
          case RANDOM -> {
            awaitWhileWorking(() -> workload.working.getCount() == 0, worker);
            Thread.sleep(random.nextInt(3_000));
          }
          case MID_PATCH, AFTER_ITEM -> awaitWhileWorking(() -> workload.killNow.getCount() == 0, worker);
          case BLOB_DURABLE, ITEM_RECORDED, SUBMITTED -> awaitWhileWorking(() -> parked(child), worker);
          default -> { }
        }
        child.kill();
        count(kills, kill);
        worker.join();
        assertThat(workload.problems).as("round %d (%s kill): what the portal answered", round, kill).isEmpty();
        patches += workload.patches;
        resumed += workload.resumedAfterKill;
        replayed += workload.replayed;
      }
    }
    // A last restart checks what the last kill left.
    try (ChildJvm child = ChildJvm.start(KillLoopHost.class, List.of(data.toString(), db, "none"), log)) {
      assertThat(child.await(line -> line.startsWith("READY "), PATIENCE)).isPresent();
      assertThat(model.check(child.seen(), blobs)).as("after the last kill").isEmpty();
      child.kill();
    }
    assertThat(blobs.partial()).isEmpty();
    long acknowledged = model.uploads.stream().filter(u -> u.item != null).count();
    System.out.printf("PortalKillLoopTest on %s: %d kills in %.0f s %s; %d PATCH requests, %d items acknowledged, "
        + "%d uploads resumed after a kill, %d completed by an empty PATCH, %d receipts, %d submissions and %d empty "
        + "files committed but not acknowledged, %d references issued; nothing acknowledged lost, nothing recorded "
        + "twice%n", database, kills.values().stream().mapToInt(Integer::intValue).sum(),
        (System.nanoTime() - began) / 1e9, kills, patches, acknowledged, resumed, replayed, model.receipts.size(),
        model.unacknowledgedSubmits, model.unacknowledgedItems, model.references.size());
    assertThat(acknowledged).as("the loop did some work").isPositive();
  }

  /** Waits (at most 30 s) until {@code reached}, or until the client stopped (a problem it will report). */
  private static void awaitWhileWorking(BooleanSupplier reached, Thread worker) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!reached.getAsBoolean() && worker.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  private static boolean parked(ChildJvm child) {
    try {
      return child.await(line -> line.startsWith("PARKED "), Duration.ofMillis(10)).isPresent();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private static void count(Map<Kill, Integer> kills, Kill kill) {
    kills.merge(kill, 1, Integer::sum);
  }
}
