package io.evidencekit.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.core.custody.AuditFinding;
import io.evidencekit.core.custody.AuditReport;
import io.evidencekit.core.custody.LogAuditor;
import io.evidencekit.verify.Checkpoint;
import io.evidencekit.verify.Ed25519CheckpointSigner;
import io.evidencekit.core.testing.DatabaseKind;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("Tampering with the custody log is always caught by the audit, which names the first bad entry")
class LogTamperTest extends EngineTestBase {
  private static final String ORIGIN = "evidencekit.kent.police.example/custody";
  private final Ed25519CheckpointSigner signer = Ed25519CheckpointSigner.generate(ORIGIN, new SecureRandom());
  private EvidenceEngine logged;
  private Checkpoint first;
  private Checkpoint second;

  @BeforeEach
  void activityAndCheckpoints() {
    logged = newEngine(b -> b.logOrigin(ORIGIN).checkpointSigner(signer));
    submitFiles(requestAndInvite(), "first file", "second file");
    first = logged.custody().checkpoint().checkpoint();
    submitFiles(requestAndInvite(), "third file");
    engine.operations().deliverPendingNotifications();
    second = logged.custody().checkpoint().checkpoint();
    assertThat(audit().intact()).as("the untouched log").isTrue();
  }

  private AuditReport audit() {
    return LogAuditor.of(dataSource()).audit(Optional.of(signer.verifierKey()));
  }

  private void sql(String... statements) throws Exception {
    try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  private long firstSeqWhere(String condition) throws Exception {
    try (Connection c = dataSource().getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT MIN(seq) FROM custody_event WHERE " + condition)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void insertCheckpoint(long size, String note) throws Exception {
    try (Connection c = dataSource().getConnection(); PreparedStatement p = c.prepareStatement(
        "INSERT INTO custody_checkpoint (tree_size, note, created_at) VALUES (?, ?, ?)")) {
      p.setLong(1, size);
      p.setString(2, note);
      p.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
      p.executeUpdate();
    }
  }

  private static AuditFinding firstProblem(AuditReport report) {
    assertThat(report.intact()).as("tampering must be caught").isFalse();
    return report.firstProblem().orElseThrow();
  }

  @Test
  @DisplayName("an event's body changed in the database (a name altered) is caught at that event")
  void bodyChanged() throws Exception {
    long seq = firstSeqWhere("seq > 3 AND body LIKE '%Wright, D.%'");
    sql("UPDATE custody_event SET body = REPLACE(body, 'Wright, D.', 'Wrong, D.') WHERE seq = " + seq);
    AuditFinding problem = firstProblem(audit());
    assertThat(problem.sequence()).isEqualTo(seq);
    assertThat(problem.problem()).contains("body of event " + seq + " was altered");
  }

  @Test
  @DisplayName("an event's body changed together with its recorded hash and leaf is still caught at that event")
  void bodyAndHashesChanged() throws Exception {
    long seq = firstSeqWhere("seq > 3 AND body LIKE '%Wright, D.%'");
    sql("UPDATE custody_event SET body = REPLACE(body, 'Wright, D.', 'Wrong, D.') WHERE seq = " + seq);
    // The forger recomputes the body hash, but cannot recompute the tree the checkpoint signed.
    try (Connection c = dataSource().getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT body FROM custody_event WHERE seq = " + seq)) {
      rs.next();
      String hash = io.evidencekit.core.testing.TestData.sha256(rs.getString(1));
      sql("UPDATE custody_event SET body_sha256 = '" + hash + "' WHERE seq = " + seq);
    }
    AuditFinding problem = firstProblem(audit());
    assertThat(problem.sequence()).isEqualTo(seq);
    assertThat(problem.problem()).contains("does not hash to the leaf");
  }

  @Test
  @DisplayName("an event deleted is caught as missing at its sequence number")
  void eventDeleted() throws Exception {
    sql("DELETE FROM custody_event WHERE seq = 5");
    AuditFinding problem = firstProblem(audit());
    assertThat(problem.sequence()).isEqualTo(5);
    assertThat(problem.problem()).contains("event 5 is missing");
  }

  @Test
  @DisplayName("the newest events deleted and the head lowered are caught: a checkpoint covers more than the log holds")
  void tailDeleted() throws Exception {
    long keep = second.size() - 2;
    sql("DELETE FROM custody_event WHERE seq >= " + keep, "UPDATE custody_head SET size = " + keep);
    AuditFinding problem = firstProblem(audit());
    assertThat(problem.sequence()).isEqualTo(keep);
    assertThat(problem.problem()).contains("covers more events than the log holds");
  }

  @Test
  @DisplayName("two events swapped are caught at the first of them")
  void eventsSwapped() throws Exception {
    sql("UPDATE custody_event SET seq = -1 WHERE seq = 6",
        "UPDATE custody_event SET seq = 6 WHERE seq = 7",
        "UPDATE custody_event SET seq = 7 WHERE seq = -1");
    AuditFinding problem = firstProblem(audit());
    assertThat(problem.sequence()).isEqualTo(6);
    assertThat(problem.problem()).contains("out of place");
  }

  @Test
  @DisplayName("a checkpoint signed by a different key is caught, with the published key and with the keys the database records")
  void checkpointFromAnotherKey() throws Exception {
    Ed25519CheckpointSigner intruder = Ed25519CheckpointSigner.generate(ORIGIN, new SecureRandom());
    insertCheckpoint(second.size(), new Checkpoint(ORIGIN, second.size(), second.root()).sign(intruder).encoded());
    AuditFinding problem = firstProblem(audit());
    assertThat(problem.sequence()).isEqualTo(second.size());
    assertThat(problem.problem()).contains("not signed by the log's key");
    assertThat(firstProblem(logged.custody().audit()).problem()).contains("not signed by the log's key");
  }

  @Test
  @DisplayName("a checkpoint for a forked tree (another root at the same size, signed with the log's key) is caught")
  void forkedCheckpoint() throws Exception {
    byte[] forkedRoot = second.root();
    forkedRoot[0] ^= 1;
    insertCheckpoint(second.size(), new Checkpoint(ORIGIN, second.size(), forkedRoot).sign(signer).encoded());
    AuditReport report = audit();
    AuditFinding problem = firstProblem(report);
    assertThat(problem.sequence()).as("the first event beyond the last checkpoint that matches").isEqualTo(first.size());
    assertThat(problem.problem()).contains("forked");
    assertThat(report.findings()).anySatisfy(f -> assertThat(f.problem()).contains("the log forked"));
  }

  @Test
  @DisplayName("a history rewritten consistently in the database (bodies, hashes, leaves and tiles) is caught by the signed checkpoint")
  void rewrittenHistory() throws Exception {
    long seq = firstSeqWhere("seq > " + first.size() + " AND body LIKE '%Wright, D.%'");
    sql("UPDATE custody_event SET body = REPLACE(body, 'Wright, D.', 'Wrong, D.') WHERE seq = " + seq);
    try (Connection c = dataSource().getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT body FROM custody_event WHERE seq = " + seq)) {
      rs.next();
      sql("UPDATE custody_event SET body_sha256 = '" + io.evidencekit.core.testing.TestData.sha256(rs.getString(1))
          + "' WHERE seq = " + seq);
    }
    // The forger's engine recomputes leaves and tiles for them.
    sql("UPDATE custody_event SET leaf_hash = NULL", "DELETE FROM custody_tile", "UPDATE custody_head SET tree_size = 0");
    newEngine(b -> {});
    AuditFinding problem = firstProblem(audit());
    assertThat(problem.sequence()).isEqualTo(first.size());
    assertThat(problem.problem()).contains("does not match the log");
  }
}
