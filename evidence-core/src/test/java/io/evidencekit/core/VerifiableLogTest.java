package io.evidencekit.core;

import io.evidencekit.core.testing.TestData;
import static io.evidencekit.core.testing.TestData.WRIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.verify.CustodyLeaf;
import io.evidencekit.core.custody.CustodyLog;
import io.evidencekit.core.custody.PendingEvent;
import io.evidencekit.verify.SignedCheckpoint;
import io.evidencekit.verify.TreeHead;
import io.evidencekit.verify.Checkpoint;
import io.evidencekit.verify.ConsistencyProof;
import io.evidencekit.verify.Ed25519CheckpointSigner;
import io.evidencekit.core.custody.log.InMemoryTileStore;
import io.evidencekit.verify.InclusionProof;
import io.evidencekit.core.custody.log.MerkleLog;
import io.evidencekit.verify.NoteVerifierKey;
import io.evidencekit.verify.ProofJson;
import io.evidencekit.verify.ProofVerifier;
import io.evidencekit.core.internal.Database;
import io.evidencekit.core.testing.DatabaseKind;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("The verifiable custody log in the engine")
class VerifiableLogTest extends EngineTestBase {

  private void someActivity() {
    submitFiles(requestAndInvite(), "first file", "second file");
    engine.operations().deliverPendingNotifications();
  }

  private static byte[] rebuiltRoot(List<CustodyEvent> events) {
    MerkleLog log = MerkleLog.open(new InMemoryTileStore(), 0);
    log.append(events.stream().map(e -> CustodyLeaf.of(e).hash()).toList());
    return log.root(log.size());
  }

  @Test
  @DisplayName("every act extends the Merkle tree: the stored tiles' root equals a tree rebuilt from the events handed out")
  void tilesFollowTheEvents() {
    someActivity();
    TreeHead head = engine.custody().treeHead();
    List<CustodyEvent> events = engine.custody().events(TestData.AUDITOR, 0, 10_000, "audit in a test");
    assertThat(head.size()).isEqualTo(events.size());
    assertThat(engine.custody().size()).as("the read itself is recorded").isEqualTo(head.size() + 1);
    assertThat(head.root()).isEqualTo(rebuiltRoot(events));
    assertThat(engine.custody().audit().intact()).isTrue();
  }

  @Test
  @DisplayName("a signed checkpoint verifies with the published key, and every event's inclusion proof verifies against it offline")
  void checkpointAndInclusion() {
    someActivity();
    SignedCheckpoint made = engine.custody().checkpoint();
    Checkpoint checkpoint = Checkpoint.verify(made.bytes(), NoteVerifierKey.parse(engine.custody().publicKey()));
    assertThat(checkpoint.size()).isEqualTo(engine.custody().size());
    assertThat(checkpoint.origin()).isEqualTo("evidencekit/46/custody");
    assertThat(engine.custody().latestCheckpoint()).hasValueSatisfying(c -> assertThat(c.text()).isEqualTo(made.text()));

    for (CustodyEvent event : engine.custody().events(TestData.AUDITOR, 0, 10_000, "audit in a test")) {
      InclusionProof proof = engine.custody().inclusionProof(event.sequence(), checkpoint.size());
      // The verifier trusts only the checkpoint and the event it was shown: the leaf is recomputed.
      assertThat(ProofVerifier.verifyInclusion(event.sequence(), checkpoint.size(), CustodyLeaf.of(event).hash(),
          proof.proof(), checkpoint.root()).valid()).as("event %d", event.sequence()).isTrue();
      assertThat(ProofJson.readInclusion(ProofJson.write(proof))).isEqualTo(proof);
    }
  }

  @Test
  @DisplayName("two checkpoints are proved consistent, and proofs for an older checkpoint still verify after the log grew")
  void consistencyBetweenCheckpoints() {
    someActivity();
    Checkpoint first = engine.custody().checkpoint().checkpoint();
    someActivity();
    Checkpoint second = engine.custody().checkpoint().checkpoint();
    assertThat(second.size()).isGreaterThan(first.size());

    ConsistencyProof proof = engine.custody().consistencyProof(first.size(), second.size());
    assertThat(ProofVerifier.verifyConsistency(first.size(), second.size(), proof.proof(), first.root(), second.root())
        .valid()).isTrue();
    InclusionProof old = engine.custody().inclusionProof(0, first.size());
    assertThat(old.verify().valid()).isTrue();
    assertThat(old.root()).isEqualTo(first.root());
    assertThat(engine.custody().checkpoints()).hasSize(2);
    assertThat(engine.custody().audit().intact()).isTrue();
  }

  @Test
  @DisplayName("a proof for a size beyond the log, or a leaf beyond the size, is refused as invalid input")
  void proofBeyondTheLog() {
    someActivity();
    long size = engine.custody().size();
    assertThatThrownBy(() -> engine.custody().inclusionProof(0, size + 1))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
    assertThatThrownBy(() -> engine.custody().inclusionProof(size, size))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
  }

  @Test
  @DisplayName("events and tiles commit or roll back together: an act that fails after appending leaves no trace in the tree")
  void appendRollsBackWithItsTransaction() {
    someActivity();
    TreeHead before = engine.custody().treeHead();
    Database db = Database.migrateAndOpen(dataSource());
    CustodyLog log = new CustodyLog(new com.fasterxml.jackson.databind.ObjectMapper());
    List<PendingEvent> events = java.util.stream.IntStream.range(0, 300)
        .mapToObj(i -> new PendingEvent(clock.instant(), WRIGHT, io.evidencekit.api.CustodyAction.REQUEST_VIEWED,
            java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), Map.of("i", "" + i)))
        .toList();
    assertThatThrownBy(() -> db.inTransaction(h -> {
      log.append(h, events); // crosses a tile boundary, so full and partial tiles are written
      throw new EvidenceException(ErrorCode.LIMIT_EXCEEDED, "the change this event records failed");
    })).isInstanceOf(EvidenceException.class);

    assertThat(engine.custody().treeHead()).isEqualTo(before);
    assertThat(engine.custody().audit().intact()).isTrue();
    db.inTransaction(h -> log.append(h, events));
    assertThat(engine.custody().size()).isEqualTo(before.size() + 300);
    assertThat(engine.custody().treeHead().root()).isEqualTo(rebuiltRoot(engine.custody().events(TestData.AUDITOR, 0, 10_000, "audit in a test")));
    assertThat(engine.custody().audit().intact()).isTrue();
  }

  @Test
  @DisplayName("scheduled checkpoints run on the engine's executor, once per interval of the engine's clock, and only when the log grew")
  void scheduledCheckpoints() throws Exception {
    Semaphore runs = new Semaphore(0);
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1) {
      @Override
      protected void afterExecute(Runnable r, Throwable t) {
        super.afterExecute(r, t);
        runs.release();
      }
    };
    try {
      EvidenceEngine scheduled = newEngine(b -> b.deliveryExecutor(pool).checkpointEvery(Duration.ofMillis(5)));
      assertThat(runs.tryAcquire(2, 30, TimeUnit.SECONDS)).isTrue();
      assertThat(scheduled.custody().checkpoints()).as("an empty log gets no checkpoint").isEmpty();

      someActivity();
      runs.drainPermits();
      assertThat(runs.tryAcquire(2, 30, TimeUnit.SECONDS)).isTrue();
      assertThat(scheduled.custody().checkpoints()).as("one run per interval of the engine's clock: this one was taken").isEmpty();
      clock.advance(Duration.ofMillis(5));
      runs.drainPermits();
      assertThat(runs.tryAcquire(2, 30, TimeUnit.SECONDS)).isTrue(); // at least one whole run in the new interval
      List<SignedCheckpoint> made = scheduled.custody().checkpoints();
      assertThat(made).hasSize(1);
      assertThat(made.get(0).size()).isEqualTo(engine.custody().size());

      clock.advance(Duration.ofMillis(5));
      runs.drainPermits();
      assertThat(runs.tryAcquire(3, 30, TimeUnit.SECONDS)).isTrue();
      assertThat(scheduled.custody().checkpoints()).as("no growth, no new checkpoint").hasSameSizeAs(made);
      scheduled.close();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("with the host's key an engine restarted later signs with the same key, and its old checkpoints still verify")
  void hostKeySurvivesRestart() {
    byte[] privateKey = Ed25519CheckpointSigner.generate("k", new SecureRandom()).privateKey();
    String origin = "evidencekit.kent.police.example/custody";
    EvidenceEngine first = newEngine(b -> b.logOrigin(origin)
        .checkpointSigner(Ed25519CheckpointSigner.fromPrivateKey(origin, privateKey)));
    someActivity();
    SignedCheckpoint old = first.custody().checkpoint();
    first.close();

    EvidenceEngine restarted = newEngine(b -> b.logOrigin(origin)
        .checkpointSigner(Ed25519CheckpointSigner.fromPrivateKey(origin, privateKey)));
    assertThat(restarted.custody().publicKey()).isEqualTo(first.custody().publicKey());
    Checkpoint verified = Checkpoint.verify(old.bytes(), restarted.custody().verifierKey());
    assertThat(verified.origin()).isEqualTo(origin);
    assertThat(restarted.custody().audit(restarted.custody().verifierKey()).intact()).isTrue();
  }

  @Test
  @DisplayName("events written before the log was a Merkle tree get their leaves and tiles when an engine starts")
  void completesLeavesOfOlderEvents() throws Exception {
    someActivity();
    TreeHead before = engine.custody().treeHead();
    try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("UPDATE custody_event SET leaf_hash = NULL");
      s.execute("DELETE FROM custody_tile");
      s.execute("UPDATE custody_head SET tree_size = 0");
    }
    EvidenceEngine restarted = newEngine(b -> {});
    assertThat(restarted.custody().treeHead()).isEqualTo(before);
    assertThat(restarted.custody().audit().intact()).isTrue();
  }
}
