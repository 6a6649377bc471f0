package io.evidencekit.core;

import static io.evidencekit.core.testing.TestData.WRIGHT;
import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.core.testing.DatabaseKind;
import io.evidencekit.core.testing.ManualScheduler;
import io.evidencekit.core.testing.TestData;
import io.evidencekit.spi.Notification;
import io.evidencekit.verify.SignedCheckpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Several nodes coordinate only through the database (issue 16): each engine's background passes are run
 * by hand, at the same moment on both engines, and the work they share is done once.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("Two engines on one database running their background work")
class SeveralEnginesTest extends DeliveryTestBase {
  private static final Duration CHECKPOINTS = Duration.ofMinutes(10);
  private static final Duration DELIVERY = io.evidencekit.core.notify.DeliveryPolicy.DEFAULT.pollInterval();
  private static final Duration STATUS = Duration.ofSeconds(10);
  private static final Duration SWEEP = Duration.ofHours(1);
  private static final byte[] OUTBOX_KEY = new byte[32];
  private static final String ORIGIN = "evidencekit.kent.police.example/custody";
  private static final byte[] FORCE_KEY =
      io.evidencekit.verify.Ed25519CheckpointSigner.generate(ORIGIN, new java.security.SecureRandom()).privateKey();

  private final ManualScheduler first = new ManualScheduler();
  private final ManualScheduler second = new ManualScheduler();

  @AfterEach
  void stopSchedulers() {
    first.shutdownNow();
    second.shutdownNow();
  }

  /** An engine whose periodic work waits for the test; all share the outbox and signing keys, as a cluster's nodes do. */
  private EvidenceEngine node(ManualScheduler scheduler, Consumer<EngineBuilder> more) {
    return newEngine(b -> {
      b.deliveryExecutor(scheduler).outboxKey(OUTBOX_KEY).logOrigin(ORIGIN)
          .checkpointSigner(io.evidencekit.verify.Ed25519CheckpointSigner.fromPrivateKey(ORIGIN, FORCE_KEY));
      more.accept(b);
    });
  }

  private EvidenceEngine backgroundNode(ManualScheduler scheduler) {
    return node(scheduler, b -> b.manualDelivery = false);
  }

  @Test
  @DisplayName("the scheduled checkpoint is made once per interval however many engines run it, even at the same moment and after more activity")
  void oneCheckpointPerInterval() throws Exception {
    EvidenceEngine one = node(first, b -> b.checkpointEvery(CHECKPOINTS));
    node(second, b -> b.checkpointEvery(CHECKPOINTS));
    for (int interval = 1; interval <= 3; interval++) {
      requestToBoth();
      together(first.every(CHECKPOINTS), second.every(CHECKPOINTS), first.every(CHECKPOINTS), second.every(CHECKPOINTS));
      requestToBoth(); // the log grows again within the same interval
      second.every(CHECKPOINTS).run();
      first.every(CHECKPOINTS).run();
      List<SignedCheckpoint> made = one.custody().checkpoints();
      assertThat(made).as("checkpoints after interval %d", interval).hasSize(interval);
      assertThat(made).extracting(SignedCheckpoint::size).doesNotHaveDuplicates().isSorted();
      clock.advance(CHECKPOINTS);
    }
    assertThat(one.custody().audit(one.custody().verifierKey()).intact()).isTrue();
  }

  @Test
  @DisplayName("an engine alone still makes its checkpoint every interval, and none while the log has not grown")
  void aloneEveryInterval() {
    EvidenceEngine one = node(first, b -> b.checkpointEvery(CHECKPOINTS));
    first.every(CHECKPOINTS).run();
    assertThat(one.custody().checkpoints()).as("an empty log gets none").isEmpty();
    clock.advance(CHECKPOINTS);
    requestToBoth();
    first.every(CHECKPOINTS).run();
    assertThat(one.custody().checkpoints()).hasSize(1);
    clock.advance(CHECKPOINTS);
    first.every(CHECKPOINTS).run();
    assertThat(one.custody().checkpoints()).as("no growth, no checkpoint").hasSize(1);
    clock.advance(CHECKPOINTS.plusSeconds(1)); // a run a little late still counts for its own interval
    requestToBoth();
    first.every(CHECKPOINTS).run();
    assertThat(one.custody().checkpoints()).hasSize(2);
  }

  @Test
  @DisplayName("outbox messages are each sent once when both engines' delivery passes run at the same moment")
  void outboxOnce() throws Exception {
    EvidenceEngine one = backgroundNode(first);
    backgroundNode(second);
    int requests = 20;
    for (int i = 0; i < requests; i++) {
      EvidenceRequest r = one.officers().createRequest(WRIGHT, TestData.burglaryRequest());
      one.officers().issueInvitation(WRIGHT, r.id(), "initial request");
    }
    together(first.every(DELIVERY), second.every(DELIVERY), first.every(DELIVERY), second.every(DELIVERY));
    first.every(DELIVERY).run();
    second.every(DELIVERY).run(); // a pass takes at most a batch: these collect any left over
    assertThat(one.operations().pendingNotifications()).isZero();
    assertThat(backend.attempts()).hasSize(requests);
    assertThat(backend.accepted()).extracting(Notification::messageId).doesNotHaveDuplicates().hasSize(requests);
  }

  @Test
  @DisplayName("the delivery status of each accepted message is asked once per due check when both engines poll at the same moment")
  void statusPolledOnce() throws Exception {
    EvidenceEngine one = backgroundNode(first);
    backgroundNode(second);
    List<EvidenceRequest> requests = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      EvidenceRequest r = requestToBoth();
      one.officers().issueInvitation(WRIGHT, r.id(), "initial request");
      requests.add(r);
    }
    first.every(DELIVERY).run();
    int messages = backend.accepted().size();
    assertThat(messages).isEqualTo(40); // email and text to each recipient
    clock.advance(Duration.ofSeconds(31));
    together(first.every(STATUS), second.every(STATUS), first.every(STATUS), second.every(STATUS));
    assertThat(backend.statusQueries()).isEqualTo(messages);
    for (EvidenceRequest r : requests) {
      assertThat(events(r, CustodyAction.DELIVERY_STATUS_CHANGED)).hasSize(2);
    }
  }

  @Test
  @DisplayName("abandoned drafts are swept once, each with one custody event, when both engines sweep at the same moment")
  void sweepOnce() throws Exception {
    EvidenceEngine one = backgroundNode(first);
    backgroundNode(second);
    int drafts = 15;
    for (int i = 0; i < drafts; i++) {
      EvidenceRequest r = one.officers().createRequest(WRIGHT, TestData.burglaryRequest());
      IssuedInvitation link = one.officers().issueInvitation(WRIGHT, r.id(), "initial request");
      one.publicSide().startSubmission(link.token());
    }
    clock.advance(io.evidencekit.core.ingest.SubmissionService.ABANDON_IDLE_DRAFTS_AFTER.plusHours(1));
    together(first.every(SWEEP), second.every(SWEEP), first.every(SWEEP), second.every(SWEEP));
    List<CustodyEvent> abandoned = one.custody().events(TestData.AUDITOR, 0, 10_000, "audit in a test").stream()
        .filter(e -> e.action() == CustodyAction.SUBMISSION_ABANDONED).toList();
    assertThat(abandoned).hasSize(drafts);
    assertThat(abandoned).extracting(e -> e.details().get("submission")).doesNotHaveDuplicates();
  }

  /** Runs the passes on threads of their own, released at one moment, and waits for them all. */
  private static void together(Runnable... passes) throws Exception {
    CyclicBarrier start = new CyclicBarrier(passes.length);
    ExecutorService pool = Executors.newFixedThreadPool(passes.length);
    try {
      List<Callable<Object>> tasks = new ArrayList<>();
      for (Runnable pass : passes) {
        tasks.add(() -> {
          start.await();
          pass.run();
          return null;
        });
      }
      for (Future<Object> f : pool.invokeAll(tasks)) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }
}
