package io.evidencekit.core.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.Actor;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.RequestId;
import io.evidencekit.core.internal.Database;
import io.evidencekit.core.internal.EmbeddedH2;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit's scan over more rows than its batches in flight and its read ranges hold. */
@DisplayName("The audit's row scan on a reader thread")
class LogAuditorScanTest {
  /** More than one read range (20,000 rows) and many times the rows in flight (8 batches of 1,024). */
  private static final int EVENTS = 25_000;

  @TempDir Path dir;
  private DataSource h2;
  private Database db;
  private final CustodyLog custody = new CustodyLog(new com.fasterxml.jackson.databind.ObjectMapper());

  @BeforeEach
  void appendEvents() {
    h2 = EmbeddedH2.open(dir);
    db = Database.migrateAndOpen(h2);
    Instant start = Instant.parse("2024-05-03T09:00:00Z");
    Actor.Officer officer = Actor.Officer.of("pc-4471", "Wright, D.");
    RequestId request = new RequestId(new UUID(1, 1));
    for (int done = 0; done < EVENTS; done += 5_000) {
      List<PendingEvent> batch = new ArrayList<>();
      for (int i = done; i < done + 5_000; i++) {
        PendingEvent event = PendingEvent.about(start.plusMillis(i), officer, CustodyAction.ITEM_VIEWED, request,
            Map.of("range", "all", "n", Integer.toString(i)));
        batch.add(i % 3 == 0 ? event : event.withItem(new ItemId(new UUID(2, i))));
      }
      db.inTransaction(h -> custody.append(h, batch));
    }
  }

  @AfterEach
  void shutDown() {
    EmbeddedH2.shutdown(h2);
  }

  @Test
  @DisplayName("an intact log of several read ranges audits intact, to the root the engine serves, and leaves no reader behind")
  void intact() {
    AuditReport report = LogAuditor.of(h2).audit(Optional.empty());

    assertThat(report.findings()).isEmpty();
    assertThat(report.treeSize()).isEqualTo(EVENTS);
    assertThat(report.root()).isEqualTo(db.read(h -> custody.treeHead(h).root()));
    assertThat(readerThreads()).isEmpty();
  }

  @Test
  @DisplayName("bodies altered in the second read range and in the last batch are each found by sequence number")
  void alteredBodiesFarIn() throws Exception {
    sql("UPDATE custody_event SET body = REPLACE(body, '\"range\":\"all\"', '\"range\":\"part\"') WHERE seq IN (21000, 24999)");

    AuditReport report = LogAuditor.of(h2).audit(Optional.empty());

    // Each altered body is found twice: its hash, and the leaf rebuilt from that hash.
    assertThat(report.findings()).extracting(AuditFinding::sequence).containsExactly(21_000L, 21_000L, 24_999L, 24_999L);
    assertThat(report.firstProblem().orElseThrow().problem()).contains("the body of event 21000 was altered");
  }

  @Test
  @DisplayName("a log whose rows cannot be read is a database failure, not a finding, and the reader thread ends")
  void unreadable() throws Exception {
    sql("ALTER TABLE custody_event DROP COLUMN leaf_hash");

    assertThatThrownBy(() -> LogAuditor.of(h2).audit(Optional.empty()))
        .isInstanceOf(EvidenceException.class)
        .extracting("code").isEqualTo(ErrorCode.DATABASE_FAILURE);
    assertThat(readerThreads()).isEmpty();
  }

  private void sql(String statement) throws Exception {
    try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private static List<Thread> readerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("evidencekit-audit-reader") && t.isAlive())
        .toList();
  }
}
