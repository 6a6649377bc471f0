package io.evidencekit.tck.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.opentest4j.AssertionFailedError;

/**
 * Runs small annotated classes through the real JUnit engine. The tools' locations and the requirement
 * are given as configuration parameters, so the outcome does not depend on what this machine has
 * installed or on CI's EVIDENCEKIT_REQUIRE.
 */
@DisplayName("A @RequiresTool test class in the JUnit engine")
class ExternalToolConditionTest {
  @TempDir
  Path dir;

  private static final String MISSING = "/nonexistent/evidencekit-tool";

  private EngineExecutionResults run(Class<?> testClass, Map<String, String> parameters) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameters(parameters)
        .selectors(selectClass(testClass))
        .execute();
  }

  @Test
  @DisplayName("when chromium is missing the class is skipped as one group with one reason saying how to install it; none of its tests start")
  void missingSkipsTheClass() {
    EngineExecutionResults results = run(NeedsChromium.class,
        Map.of("evidencekit.chromium", MISSING, "evidencekit.chromedriver", MISSING, "evidencekit.require", "none"));

    assertThat(results.testEvents().started().count()).isZero();
    assertThat(results.containerEvents().skipped().list()).singleElement().satisfies(event -> {
      assertThat(event.getTestDescriptor().getDisplayName()).endsWith("$NeedsChromium");
      assertThat(event.getPayload(String.class)).get().asString()
          .startsWith("skipped: chromium not found")
          .contains("install it with `apt-get install -y chromium chromium-driver`")
          .contains("evidencekit.require=all");
    });
  }

  @Test
  @DisplayName("when evidencekit.require names the missing tool the class fails instead, with the same explanation")
  void requiredFails() {
    EngineExecutionResults results = run(NeedsChromium.class,
        Map.of("evidencekit.chromium", MISSING, "evidencekit.chromedriver", MISSING, "evidencekit.require", "clamd,chromium"));

    assertThat(results.containerEvents().skipped().count()).isZero();
    assertThat(results.testEvents().started().count()).isZero();
    Event failed = results.containerEvents().failed().list().stream()
        .filter(e -> e.getTestDescriptor().getDisplayName().endsWith("$NeedsChromium")).findFirst().orElseThrow();
    Throwable cause = failed.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
    while (cause.getCause() != null && !(cause instanceof AssertionFailedError)) {
      cause = cause.getCause();
    }
    assertThat(cause).isInstanceOf(AssertionFailedError.class)
        .hasMessageStartingWith("required by evidencekit.require (or EVIDENCEKIT_REQUIRE) but chromium not found")
        .hasMessageContaining("apt-get install -y chromium chromium-driver");
  }

  @Test
  @DisplayName("a missing tool that is not among the required ones is still only skipped")
  void otherRequirementsDoNotFail() {
    EngineExecutionResults results = run(NeedsChromium.class,
        Map.of("evidencekit.chromium", MISSING, "evidencekit.chromedriver", MISSING, "evidencekit.require", "clamd"));

    assertThat(results.containerEvents().failed().count()).isZero();
    assertThat(results.containerEvents().skipped().count()).isEqualTo(1);
  }

  @Test
  @DisplayName("when the tool is found, required or not, every test of the class runs")
  void foundRuns() {
    Path chromium = Scratch.executable(dir, "chromium");
    Path driver = Scratch.executable(dir, "chromedriver");
    for (String required : new String[] {"none", "all"}) {
      EngineExecutionResults results = run(NeedsChromium.class, Map.of(
          "evidencekit.chromium", chromium.toString(), "evidencekit.chromedriver", driver.toString(), "evidencekit.require", required));

      assertThat(results.testEvents().succeeded().count()).as(required).isEqualTo(3);
      assertThat(results.containerEvents().skipped().count()).as(required).isZero();
    }
  }

  @Test
  @DisplayName("a misspelt evidencekit.require fails the class rather than skipping it")
  void typoFails() {
    EngineExecutionResults results = run(NeedsChromium.class,
        Map.of("evidencekit.chromium", MISSING, "evidencekit.chromedriver", MISSING, "evidencekit.require", "chromum"));

    assertThat(results.containerEvents().failed().count()).isEqualTo(1);
    assertThat(results.containerEvents().skipped().count()).isZero();
  }

  @Test
  @DisplayName("a method can require a tool on its own: only that method is skipped")
  void methodLevel() {
    EngineExecutionResults results = run(OneMethodNeedsFfprobe.class,
        Map.of("evidencekit.ffprobe", MISSING, "evidencekit.require", "none"));

    assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
    assertThat(results.testEvents().skipped().list()).singleElement()
        .satisfies(e -> assertThat(e.getPayload(String.class)).get().asString().contains("apt-get install -y ffmpeg"));
  }

  // Run only through the engine above; surefire leaves nested classes out of its own run.

  @RequiresTool(ExternalTool.CHROMIUM)
  static class NeedsChromium {
    @Test
    void one() {}

    @Test
    void two() {}

    @Nested
    class Group {
      @Test
      void three() {}
    }
  }

  static class OneMethodNeedsFfprobe {
    @Test
    void plain() {}

    @Test
    @RequiresTool(ExternalTool.FFPROBE)
    void probes() {}
  }
}
