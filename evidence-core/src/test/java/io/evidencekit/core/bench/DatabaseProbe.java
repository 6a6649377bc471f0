package io.evidencekit.core.bench;

import io.evidencekit.api.Declaration;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.core.EngineBuilder;
import io.evidencekit.core.EvidenceEngine;
import io.evidencekit.core.testing.TestData;
import io.evidencekit.storage.fs.FilesystemBlobStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.h2.jdbcx.JdbcDataSource;

/**
 * One measurement of {@link EmbeddedDatabaseBenchmark}, in a fresh JVM as a host's main job starts:
 * opens an engine on a data directory with one kind of database and prints {@code STARTED <ms>} (from the
 * JVM's start to an engine ready for work), then runs upload cycles (start a submission, add three small
 * files, submit: seven commits) and prints {@code CYCLE <ms per cycle> <database file bytes per cycle>}.
 *
 * <p>Arguments: kind ({@code h2}: the embedded default; {@code h2-before}: H2 as it was configured before
 * issue 18; {@code postgres}: PostgreSQL from the embedded binaries, {@code fsync} and
 * {@code synchronous_commit} on), data directory, cycles.
 */
public final class DatabaseProbe {
  private DatabaseProbe() {}

  public static void main(String[] args) throws Exception {
    String kind = args[0];
    Path data = Path.of(args[1]);
    int cycles = Integer.parseInt(args[2]);
    EngineBuilder b = EvidenceEngine.builder().blobStore(new FilesystemBlobStore(data.resolve("blobs"))).forceCode("46")
        .portalLinkBase(URI.create("http://127.0.0.1/r/")).manualDelivery();
    EmbeddedPostgres pg = null;
    Path file = data.resolve("db").resolve("evidencekit.mv.db");
    switch (kind) {
      case "h2" -> b.embeddedDatabase(data.resolve("db"));
      case "h2-before" -> {
        Files.createDirectories(data.resolve("db"));
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + data.resolve("db").toAbsolutePath().resolve("evidencekit")
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=20000;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        b.dataSource(h2);
      }
      case "postgres" -> {
        pg = EmbeddedPostgres.builder().setDataDirectory(data.resolve("pg")).setCleanDataDirectory(false)
            .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on").start();
        b.dataSource(pg.getPostgresDatabase());
      }
      default -> throw new IllegalArgumentException(kind);
    }
    EvidenceEngine engine = b.build();
    long started = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    System.out.println("STARTED " + started);
    IssuedInvitation link = engine.officers().issueInvitation(TestData.WRIGHT,
        engine.officers().createRequest(TestData.WRIGHT, TestData.burglaryRequest()).id(), "benchmark");
    long before = kind.startsWith("h2") ? Files.size(file) : 0;
    long t0 = System.nanoTime();
    for (int i = 0; i < cycles; i++) {
      SubmissionId s = engine.publicSide().startSubmission(link.token());
      for (int f = 0; f < 3; f++) {
        engine.publicSide().addFile(link.token(), s, "clip" + f + ".bin", "video/mp4", TestData.utf8(i + "/" + f));
      }
      engine.publicSide().submit(link.token(), s, Optional.empty(), Declaration.of(3));
    }
    double perCycle = (System.nanoTime() - t0) / 1e6 / cycles;
    long grown = kind.startsWith("h2") ? Files.size(file) - before : 0;
    System.out.printf("CYCLE %.1f %d%n", perCycle, grown / cycles);
    engine.close();
    if (pg != null) {
      pg.close();
    }
    System.exit(0);
  }
}
