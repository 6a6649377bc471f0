package io.evidencekit.core.crash;

import io.evidencekit.core.EvidenceEngine;
import io.evidencekit.core.internal.EmbeddedH2;
import io.evidencekit.storage.fs.FilesystemBlobStore;
import io.evidencekit.tck.crash.CrashPoint;
import io.evidencekit.tck.crash.ParkingBlobStore;
import io.evidencekit.tck.crash.ParkingCommits;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What a kill-loop child runs on: the data directory's blob store, and either the embedded default (the
 * H2 files under {@code <data>/db}, opened exactly as {@code embeddedDatabase} opens them) or a
 * PostgreSQL database given by URL; both behind the crash points. The engine is never closed: the child
 * only ever ends by SIGKILL or {@code System.exit}.
 */
final class ChildEngine {
  final DataSource database;
  final EvidenceEngine engine;
  final CrashPoint crash;

  /** {@code databaseSpec} is {@code h2} or a {@code jdbc:postgresql:} URL; {@code crashSpec} see {@link CrashPoint}. */
  ChildEngine(Path data, String databaseSpec, String crashSpec, PrintStream out) {
    this(data, databaseSpec, crashSpec, out, b -> {});
  }

  /** As above, the builder configured further by {@code customise} (a video source, say) before it builds. */
  ChildEngine(Path data, String databaseSpec, String crashSpec, PrintStream out,
      java.util.function.Consumer<io.evidencekit.core.EngineBuilder> customise) {
    this.crash = CrashPoint.parse(crashSpec, out);
    this.database = databaseSpec.equals("h2") ? EmbeddedH2.open(data.resolve("db")) : postgres(databaseSpec);
    io.evidencekit.core.EngineBuilder b = EvidenceEngine.builder()
        .dataSource(new ParkingCommits(database, crash))
        .blobStore(new ParkingBlobStore(new FilesystemBlobStore(data.resolve("blobs")), crash))
        .forceCode("46")
        .portalLinkBase(URI.create("http://127.0.0.1/r/"))
        .manualDelivery();
    customise.accept(b);
    this.engine = b.build();
  }

  private static DataSource postgres(String url) {
    PGSimpleDataSource pg = new PGSimpleDataSource();
    pg.setURL(url);
    pg.setUser("postgres");
    return pg;
  }
}
