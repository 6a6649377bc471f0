package io.evidencekit.tck.tools;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * Enables a {@link RequiresTool} test when its tools are found, skips it with one reason when they are
 * not, and fails it when the build requires them ({@link RequiredTools}). Registered by the annotation;
 * stateless, so one instance may serve every test in parallel.
 */
public final class ExternalToolCondition implements ExecutionCondition {
  private static final ExtensionContext.Namespace ANNOUNCED =
      ExtensionContext.Namespace.create(ExternalToolCondition.class, "announced");

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<RequiresTool> annotation = AnnotationSupport.findAnnotation(context.getElement(), RequiresTool.class);
    if (annotation.isEmpty()) {
      // methods of an annotated class land here: the class was already decided as one group
      return ConditionEvaluationResult.enabled("needs no external tool of its own");
    }
    ConditionEvaluationResult result = decide(Arrays.asList(annotation.get().value()), ToolEnvironment.of(context));
    if (result.isDisabled()) {
      announceOnce(context, result.getReason().orElse("skipped"));
    }
    return result;
  }

  /**
   * Surefire's console counts a skip but does not show its reason: say it once per run (the root
   * context's store remembers), where whoever runs {@code mvn verify} reads it.
   */
  private static void announceOnce(ExtensionContext context, String reason) {
    AtomicBoolean said = context.getRoot().getStore(ANNOUNCED).computeIfAbsent(reason, r -> new AtomicBoolean(), AtomicBoolean.class);
    if (said.compareAndSet(false, true)) {
      System.err.println("evidencekit: " + context.getDisplayName() + " " + reason);
    }
  }

  /**
   * The decision for tests needing {@code tools}.
   *
   * @throws AssertionFailedError when a missing tool is required, which JUnit reports as the failure of
   *     the whole class
   */
  static ConditionEvaluationResult decide(List<ExternalTool> tools, ToolEnvironment environment) {
    RequiredTools required = RequiredTools.from(environment);
    List<ToolLocation.Found> found = new ArrayList<>();
    List<ToolLocation.Missing> missing = new ArrayList<>();
    for (ExternalTool tool : tools) {
      ToolLocation location = tool.locate(environment);
      if (location instanceof ToolLocation.Missing m) {
        missing.add(m);
      } else if (location instanceof ToolLocation.Found f) {
        found.add(f);
      }
    }
    if (missing.isEmpty()) {
      return ConditionEvaluationResult.enabled("found " + found);
    }
    String explanation = missing.stream().map(ToolLocation.Missing::explanation).collect(Collectors.joining(". "));
    if (missing.stream().anyMatch(m -> required.requires(m.tool()))) {
      throw new AssertionFailedError("required by " + RequiredTools.PROPERTY + " (or EVIDENCEKIT_REQUIRE) but "
          + explanation);
    }
    return ConditionEvaluationResult.disabled("skipped: " + explanation
        + " (" + RequiredTools.PROPERTY + "=all or EVIDENCEKIT_REQUIRE=all makes this a failure)");
  }
}
