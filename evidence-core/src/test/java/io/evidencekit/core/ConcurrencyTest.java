package io.evidencekit.core;

import static io.evidencekit.core.testing.TestData.WRIGHT;
import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.core.testing.DatabaseKind;
import io.evidencekit.core.testing.TestData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("Many writers at once")
class ConcurrencyTest extends EngineTestBase {
  private static final int THREADS = 8;
  private static final int PER_THREAD = 20;

  @Test
  @DisplayName("references are never duplicated when many threads, on two engines sharing the database, create requests at once")
  void referencesUniqueUnderConcurrency() throws Exception {
    // H2 embedded is one process's file: a second engine on it shares the same in-process database.
    EvidenceEngine second = database == DatabaseKind.POSTGRESQL ? newEngine(b -> {}) : engine;
    List<Callable<EvidenceRequest>> tasks = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      EvidenceEngine e = t % 2 == 0 ? engine : second;
      for (int i = 0; i < PER_THREAD; i++) {
        tasks.add(() -> e.officers().createRequest(WRIGHT, TestData.burglaryRequest()));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<String> references = new ArrayList<>();
    try {
      for (Future<EvidenceRequest> f : pool.invokeAll(tasks)) {
        references.add(f.get().reference().value());
      }
    } finally {
      pool.shutdown();
    }
    Set<String> expected = new HashSet<>();
    IntStream.rangeClosed(1, THREADS * PER_THREAD).forEach(i -> expected.add(String.format("46/%05d/24", i)));
    assertThat(references).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);

    List<CustodyEvent> log = engine.custody().events(TestData.AUDITOR, 0, 10_000, "audit in a test");
    assertThat(log).hasSize(THREADS * PER_THREAD);
    assertThat(log).extracting(CustodyEvent::sequence)
        .containsExactlyElementsOf(IntStream.range(0, THREADS * PER_THREAD).mapToObj(Long::valueOf).toList());
  }
}
