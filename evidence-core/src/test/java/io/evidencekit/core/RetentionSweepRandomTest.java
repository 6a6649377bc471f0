package io.evidencekit.core;

import static io.evidencekit.core.testing.TestData.SUPERVISOR;
import static io.evidencekit.core.testing.TestData.WRIGHT;
import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.retention.CaseFact;
import io.evidencekit.api.retention.HoldTarget;
import io.evidencekit.api.retention.LegalHold;
import io.evidencekit.api.retention.RetentionEvent;
import io.evidencekit.api.retention.RetentionExplanation;
import io.evidencekit.api.retention.RetentionState;
import io.evidencekit.core.testing.DatabaseKind;
import io.evidencekit.core.testing.TestData;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
@DisplayName("Retention sweeps over many random requests")
class RetentionSweepRandomTest extends EngineTestBase {
  private static final String[] CATEGORIES = {"community-not-relevant", "mopi-3", "mopi-2"};
  private static final RetentionEvent[] FACTS = {RetentionEvent.REQUEST_CLOSED, RetentionEvent.NO_FURTHER_ACTION,
      RetentionEvent.CHARGED, RetentionEvent.CONVICTED, RetentionEvent.RELEASED, RetentionEvent.LINKED_EVENT,
      RetentionEvent.APPEAL_LODGED};

  private final RetentionTest helper = new RetentionTest();

  private RetentionTest.Made make(int n) {
    helper.engine = engine;
    return helper.make("RND" + n + "X");
  }

  private LocalDate day(Instant t) {
    return t.atOffset(ZoneOffset.UTC).toLocalDate();
  }

  @Test
  @DisplayName("seeded: no held request is disposed of, none before its longest rule ends, each disposal has one certificate, and nothing personal remains")
  void randomised() throws Exception {
    long seed = Long.getLong("retention.seed", System.nanoTime());
    System.out.println("RetentionSweepRandomTest seed=" + seed + " (rerun with -Dretention.seed=" + seed + ")");
    Random random = new Random(seed);
    int count = 14;
    List<RetentionTest.Made> made = new ArrayList<>();
    Map<RequestId, LegalHold> holds = new HashMap<>();
    for (int i = 0; i < count; i++) {
      RetentionTest.Made m = make(i);
      made.add(m);
      RequestId r = m.request().id();
      engine.retention().classify(WRIGHT, r, CATEGORIES[random.nextInt(CATEGORIES.length)], "classified");
      for (int f = random.nextInt(3); f > 0; f--) {
        LocalDate on = day(clock.instant()).plusDays(random.nextInt(400));
        engine.retention().recordFact(WRIGHT, r, new CaseFact(FACTS[random.nextInt(FACTS.length)], on), "fact");
      }
      if (random.nextInt(4) == 0) {
        holds.put(r, engine.retention().setHold(SUPERVISOR, HoldTarget.request(r), "complaint"));
      }
    }
    Map<RequestId, LocalDate> disposedOn = new HashMap<>();
    Instant asOf = clock.instant();
    for (int step = 0; step < 12; step++) {
      asOf = asOf.plus(Duration.ofDays(random.nextInt(400) + 1));
      Map<RequestId, RetentionExplanation> before = new HashMap<>();
      for (RetentionTest.Made m : made) {
        before.put(m.request().id(), engine.retention().explain(SUPERVISOR, m.request().id(), "check"));
      }
      engine.operations().sweepRetention(asOf, false);
      for (RetentionTest.Made m : made) {
        RequestId r = m.request().id();
        RetentionExplanation now = engine.retention().explain(SUPERVISOR, r, "check");
        if (now.state() == RetentionState.DISPOSED && !disposedOn.containsKey(r)) {
          disposedOn.put(r, day(asOf));
          RetentionExplanation was = before.get(r);
          assertThat(holds).as("seed %d: a held request was disposed of", seed).doesNotContainKey(r);
          assertThat(was.governing()).as("seed %d", seed).isPresent();
          assertThat(was.retainedUntil()).as("seed %d: disposed with no end", seed).isPresent();
          assertThat(was.retainedUntil().get()).as("seed %d: disposed before its longest rule ended", seed)
              .isBeforeOrEqualTo(day(asOf));
        }
      }
      if (step == 6) {
        // Half the holds lift: those requests may then be disposed of, as any other.
        for (var e : new ArrayList<>(holds.entrySet())) {
          if (random.nextBoolean()) {
            engine.retention().liftHold(SUPERVISOR, e.getValue().id(), "resolved");
            holds.remove(e.getKey());
          }
        }
      }
    }
    List<CustodyEvent> events = helper.events();
    for (RetentionTest.Made m : made) {
      RequestId r = m.request().id();
      long certificates = events.stream().filter(e -> e.action() == CustodyAction.DISPOSAL_CERTIFIED
          && e.requestId().equals(java.util.Optional.of(r))).count();
      if (disposedOn.containsKey(r)) {
        assertThat(certificates).as("seed %d: certificates of a disposed request", seed).isEqualTo(1);
        assertThat(RetentionTest.PersonalData.find(dataSource(), m.marker())).as("seed %d: personal data left", seed).isEmpty();
      } else {
        assertThat(certificates).isZero();
        assertThat(RetentionTest.PersonalData.find(dataSource(), m.marker())).isNotEmpty();
      }
    }
    assertThat(engine.custody().audit().findings()).as("seed %d", seed).isEmpty();
  }

  @Test
  @DisplayName("two engines sweeping one database at once dispose of each due request exactly once")
  void twoEngines() throws Exception {
    int count = 12;
    List<RequestId> due = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      RequestId r = make(100 + i).request().id();
      engine.retention().classify(WRIGHT, r, "community-not-relevant", "not relevant");
      engine.retention().recordFact(WRIGHT, r, new CaseFact(RetentionEvent.REQUEST_CLOSED, day(clock.instant())), "closed");
      due.add(r);
    }
    EvidenceEngine other = newEngine(b -> {});
    Instant asOf = clock.instant().plus(Duration.ofDays(40));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Integer>> sweeps = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        EvidenceEngine e = t % 2 == 0 ? engine : other;
        sweeps.add(() -> e.operations().sweepRetention(asOf, false).disposed());
      }
      int disposed = 0;
      for (Future<Integer> f : pool.invokeAll(sweeps)) {
        disposed += f.get();
      }
      assertThat(disposed).isEqualTo(count);
    } finally {
      pool.shutdownNow();
    }
    List<CustodyEvent> events = engine.custody().events(TestData.AUDITOR, 0, 10_000, "audit in a test");
    for (RequestId r : due) {
      assertThat(events.stream().filter(e -> e.action() == CustodyAction.DISPOSAL_CERTIFIED
          && e.requestId().equals(java.util.Optional.of(r)))).hasSize(1);
      assertThat(events.stream().filter(e -> e.action() == CustodyAction.DISPOSAL_SCHEDULED
          && e.requestId().equals(java.util.Optional.of(r)))).hasSize(1);
    }
    assertThat(engine.custody().audit().intact()).isTrue();
  }
}
