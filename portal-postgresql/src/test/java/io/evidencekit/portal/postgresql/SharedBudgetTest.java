package io.evidencekit.portal.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.Actor;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.core.EvidenceEngine;
import io.evidencekit.portal.PortalServer;
import io.evidencekit.storage.fs.FilesystemBlobStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The link-guessing budget kept in PostgreSQL")
class SharedBudgetTest {
  private static final Actor.Officer AUDITOR = Actor.Officer.of("aud-7", "Khan, S.", "auditor");
  private static EmbeddedPostgres postgres;

  @TempDir
  Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  /** Buckets do not refill while a test runs: the clock stands still. */
  private final Clock still = Clock.fixed(Instant.parse("2024-05-13T09:00:00Z"), ZoneOffset.UTC);
  private DataSource database;

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    postgres.close();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private DataSource freshDatabase() throws Exception {
    String name = "t" + System.nanoTime();
    try (var c = postgres.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return postgres.getDatabase("postgres", name);
  }

  private EvidenceEngine engine() {
    EvidenceEngine engine = EvidenceEngine.builder().dataSource(database)
        .blobStore(new FilesystemBlobStore(dir.resolve("blobs"))).forceCode("46")
        .portalLinkBase(URI.create("https://evidence.kent.police.example/r/")).manualDelivery().build();
    open.add(engine);
    return engine;
  }

  /** A node: its own engine and portal on the shared database, with its own instance of the shared budget. */
  private URI node(String name) {
    EvidenceEngine engine = engine();
    PostgresLinkGuessBudget budget = PostgresLinkGuessBudget.builder(database).clock(still)
        .perAddress(10, Duration.ofSeconds(30)).global(100, Duration.ofSeconds(3))
        .onGuessing(engine.publicSide()::recordLinkGuessing).build();
    PortalServer portal = PortalServer.builder(engine.publicSide()).host("127.0.0.1").port(0)
        .stagingDirectory(dir.resolve("staging-" + name)).linkGuessBudget(budget).build().start();
    open.add(portal);
    return portal.uri();
  }

  private int guess(URI node, int n) throws Exception {
    HttpRequest get = HttpRequest.newBuilder(node.resolve("/r/" + String.format("G%042d", n))).GET().build();
    return http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  @DisplayName("two portals on one database share one budget per address: ten bad links through either, then 429 from both")
  void twoPortalsShareOneBudget() throws Exception {
    database = freshDatabase();
    URI one = node("one");
    URI two = node("two");
    List<Integer> answers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      answers.add(guess(i % 2 == 0 ? one : two, i));
    }
    assertThat(answers).containsOnly(404);
    assertThat(guess(one, 10)).isEqualTo(429);
    assertThat(guess(two, 11)).isEqualTo(429);
  }

  @Test
  @DisplayName("the global budget is one across nodes, and its running dry is recorded once in the custody log")
  void globalBudgetAcrossNodes() throws Exception {
    database = freshDatabase();
    EvidenceEngine engine = engine();
    List<PostgresLinkGuessBudget> nodes = new ArrayList<>();
    for (int n = 0; n < 3; n++) {
      nodes.add(PostgresLinkGuessBudget.builder(database).clock(still).perAddress(10, Duration.ofSeconds(30))
          .global(30, Duration.ofSeconds(3)).onGuessing(engine.publicSide()::recordLinkGuessing).build());
    }
    List<Boolean> answers = new ArrayList<>();
    for (int i = 0; i < 45; i++) {
      answers.add(nodes.get(i % 3).failed("198.51.100." + (i / 5))); // five per address: no address is over its own
    }
    assertThat(answers.subList(0, 30)).containsOnly(true);
    assertThat(answers.subList(30, 45)).containsOnly(false);
    assertThat(nodes.get(1).retryAfterSeconds("198.51.100.200")).isBetween(1L, 4L);
    List<CustodyEvent> recorded = engine.custody().events(AUDITOR, 0, 1_000, "audit in a test").stream()
        .filter(e -> e.action() == CustodyAction.LINK_GUESSING_SUSPECTED).toList();
    assertThat(recorded).singleElement().satisfies(e -> {
      assertThat(e.details()).containsEntry("failedLookups", "31");
      assertThat(e.details().toString()).doesNotContain("198.51.100.");
    });
    try (var c = database.getConnection(); var s = c.createStatement();
        var rs = s.executeQuery("SELECT id FROM evidencekit_link_guess_budget")) {
      while (rs.next()) {
        assertThat(rs.getString(1)).as("no address is stored").doesNotContain("198.51");
      }
    }
  }
}
