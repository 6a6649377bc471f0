package io.evidencekit.core;

import io.evidencekit.api.Declaration;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.api.Receipt;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.core.testing.DatabaseKind;
import io.evidencekit.core.testing.MemoryBlobStore;
import io.evidencekit.core.testing.PostgresExtension;
import io.evidencekit.core.testing.RecordingNotifier;
import io.evidencekit.core.testing.TestClock;
import io.evidencekit.core.testing.TestData;
import io.evidencekit.spi.Channel;
import io.evidencekit.spi.Notifier;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * An engine on a real database (H2 file or PostgreSQL, chosen by the parameterised test class), an
 * in-memory store with a fault switch, a recording notifier and a clock that moves only when told.
 * Delivery is manual so tests decide when the outbox runs.
 */
@ExtendWith(PostgresExtension.class)
public abstract class EngineTestBase {
  protected static final Instant START = Instant.parse("2024-05-03T09:00:00Z");

  @Parameter
  protected DatabaseKind database;

  @TempDir
  protected Path dir;

  protected final TestClock clock = new TestClock(START);
  protected final MemoryBlobStore store = new MemoryBlobStore();
  protected final RecordingNotifier notifier = new RecordingNotifier(Set.of(Channel.EMAIL));
  protected EvidenceEngine engine;
  private PostgresExtension.Lazy postgres;
  private DataSource shared;
  private final List<EvidenceEngine> engines = new ArrayList<>();

  @BeforeEach
  void startEngine(PostgresExtension.Lazy postgres) {
    this.postgres = postgres;
    this.shared = database == DatabaseKind.POSTGRESQL ? postgres.get().freshDatabase() : null;
    engine = newEngine(b -> {});
  }

  /** Another engine on the same database and store, configured further by {@code customise}. */
  protected EvidenceEngine newEngine(Consumer<EngineBuilder> customise) {
    EngineBuilder b = EvidenceEngine.builder()
        .blobStore(store)
        .clock(clock)
        .random(new SecureRandom())
        .forceCode("46")
        .portalLinkBase(URI.create("https://evidence.kent.police.example/r/"))
        .manualDelivery();
    if (shared != null) {
      b.dataSource(wrap(shared));
    } else if (wrapsDatabase()) {
      b.dataSource(wrap(dataSource()));
    } else {
      b.embeddedDatabase(dir.resolve("db"));
    }
    notifiers().forEach(b::notifier);
    customise.accept(b);
    EvidenceEngine e = b.build();
    engines.add(e);
    return e;
  }

  /** The notifiers every engine gets, before {@code customise} runs: the recording one unless a test says otherwise. */
  protected List<Notifier> notifiers() {
    return List.of(notifier);
  }

  /** Tests that put something between the engine and its database return true and override {@link #wrap}. */
  protected boolean wrapsDatabase() {
    return false;
  }

  /** What the engine is given as its data source, when {@link #wrapsDatabase()} or on PostgreSQL. */
  protected DataSource wrap(DataSource database) {
    return database;
  }

  /** A connection source on the engine's database, for tests that look at what is stored. */
  protected DataSource dataSource() {
    if (shared != null) {
      return shared;
    }
    org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
    h2.setURL("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath().resolve("evidencekit")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=20000;DB_CLOSE_DELAY=-1");
    h2.setUser("sa");
    return h2;
  }

  @AfterEach
  void closeEngines() {
    engines.forEach(EvidenceEngine::close);
  }

  protected IssuedInvitation requestAndInvite() {
    var request = engine.officers().createRequest(TestData.WRIGHT, TestData.burglaryRequest());
    return engine.officers().issueInvitation(TestData.WRIGHT, request.id(), "initial request");
  }

  /** Submits the given text files through a fresh link and returns the receipt. */
  protected Receipt submitFiles(IssuedInvitation link, String... contents) {
    SubmissionId submission = engine.publicSide().startSubmission(link.token());
    for (int i = 0; i < contents.length; i++) {
      engine.publicSide().addFile(link.token(), submission, "file" + (i + 1) + ".txt", "text/plain", TestData.utf8(contents[i]));
    }
    return engine.publicSide().submit(link.token(), submission, Optional.of("front camera"), Declaration.of(contents.length));
  }
}
