package io.evidencekit.core;

import static io.evidencekit.core.testing.TestData.WRIGHT;
import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.core.custody.AuditReport;
import io.evidencekit.verify.CustodyLeaf;
import io.evidencekit.verify.SignedCheckpoint;
import io.evidencekit.verify.Checkpoint;
import io.evidencekit.verify.Ed25519CheckpointSigner;
import io.evidencekit.verify.ProofVerifier;
import io.evidencekit.core.testing.DatabaseKind;
import io.evidencekit.core.testing.TestData;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("Two engines appending to one log at once")
class TwoEnginesLogTest extends EngineTestBase {
  private static final int THREADS = 8;
  private static final int PER_THREAD = 12;

  @Test
  @DisplayName("never fork it: many threads on two engines append and checkpoint, and the audit rebuilds exactly the tiled tree")
  void noFork() throws Exception {
    String origin = "evidencekit.kent.police.example/custody";
    byte[] key = Ed25519CheckpointSigner.generate(origin, new SecureRandom()).privateKey();
    // The same force key on both engines, as a host configures it from its secret store.
    EvidenceEngine one = newEngine(b -> b.logOrigin(origin).checkpointSigner(Ed25519CheckpointSigner.fromPrivateKey(origin, key)));
    EvidenceEngine two = newEngine(b -> b.logOrigin(origin).checkpointSigner(Ed25519CheckpointSigner.fromPrivateKey(origin, key)));

    List<Callable<Object>> tasks = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      EvidenceEngine e = t % 2 == 0 ? one : two;
      for (int i = 0; i < PER_THREAD; i++) {
        int n = i;
        tasks.add(() -> {
          EvidenceRequest r = e.officers().createRequest(WRIGHT, TestData.burglaryRequest());
          e.officers().issueInvitation(WRIGHT, r.id(), "initial request");
          e.officers().request(WRIGHT, r.id(), "check the request");
          return n % 4 == 0 ? e.custody().checkpoint() : r;
        });
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      for (Future<Object> f : pool.invokeAll(tasks)) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }

    SignedCheckpoint last = one.custody().checkpoint();
    long size = last.size();
    assertThat(size).isEqualTo(THREADS * PER_THREAD * 3L);
    AuditReport report = two.custody().audit(one.custody().verifierKey());
    assertThat(report.findings()).isEmpty();
    assertThat(report.treeSize()).isEqualTo(size);
    assertThat(report.checkpoints()).isEqualTo(THREADS * PER_THREAD / 4 + 1);
    assertThat(report.root()).as("recomputed root = tiled root").isEqualTo(one.custody().treeHead().root())
        .isEqualTo(last.checkpoint().root());

    // Every leaf, recomputed from the event as handed out, is proved into the final checkpoint.
    Checkpoint checkpoint = Checkpoint.verify(last.bytes(), two.custody().verifierKey());
    List<CustodyEvent> events = one.custody().events(TestData.AUDITOR, 0, 10_000, "audit in a test");
    assertThat(events).hasSize((int) size);
    for (CustodyEvent event : events) {
      EvidenceEngine e = event.sequence() % 2 == 0 ? one : two;
      assertThat(ProofVerifier.verifyInclusion(event.sequence(), size, CustodyLeaf.of(event).hash(),
          e.custody().inclusionProof(event.sequence(), size).proof(), checkpoint.root()).valid()).isTrue();
    }
    // And every checkpoint made on the way is consistent with the last.
    for (SignedCheckpoint earlier : one.custody().checkpoints()) {
      assertThat(ProofVerifier.verifyConsistency(earlier.size(), size, two.custody().consistencyProof(earlier.size(), size).proof(),
          earlier.checkpoint().root(), checkpoint.root()).valid()).isTrue();
    }
  }
}
