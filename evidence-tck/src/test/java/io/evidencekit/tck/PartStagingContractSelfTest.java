package io.evidencekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.evidencekit.spi.PartStaging;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The part-staging kit passes a reference staging and catches a broken one: run through the JUnit test
 * kit against an in-memory staging, whole and with one rule broken.
 */
@DisplayName("PartStagingContract catches broken stagings")
class PartStagingContractSelfTest {

  private static EngineExecutionResults run(Class<?> contract) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(contract)).execute();
  }

  @Test
  @DisplayName("the in-memory reference staging passes every test of the kit")
  void referencePasses() {
    EngineExecutionResults results = run(Reference.class);
    assertThat(results.testEvents().failed().stream().map(e -> e.getTestDescriptor().getDisplayName())).isEmpty();
    assertThat(results.testEvents().succeeded().count()).isEqualTo(16);
  }

  @Test
  @DisplayName("a staging that acknowledges a byte it did not keep fails the durability and read-back rules")
  void acknowledgesTooMuch() {
    List<String> failed = run(ForgetsLastByte.class).testEvents().failed().stream()
        .map(e -> e.getTestDescriptor().getDisplayName()).toList();
    assertThat(failed).contains(
        "what one instance acknowledged, another instance on the same backend reports and carries on from",
        "appends of 1 MiB, alternating between two instances, move the offset forward by exactly what each sent",
        "a whole upload reads back exactly, from any instance, as often as asked; appending to it reads nothing");
  }

  static class Reference extends PartStagingContract {
    private final Map<Path, MemoryPartStaging.Backend> backends = new HashMap<>();

    @Override
    protected PartStaging newStaging(Path scratch) {
      return new MemoryPartStaging(backends.computeIfAbsent(scratch, s -> new MemoryPartStaging.Backend()), false);
    }
  }

  static class ForgetsLastByte extends PartStagingContract {
    private final Map<Path, MemoryPartStaging.Backend> backends = new HashMap<>();

    @Override
    protected PartStaging newStaging(Path scratch) {
      return new MemoryPartStaging(backends.computeIfAbsent(scratch, s -> new MemoryPartStaging.Backend()), true);
    }
  }
}
