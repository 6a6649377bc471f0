package io.evidencekit.scan.clamav;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only where a {@code clamd} binary exists (on the PATH, or in {@code /usr/sbin},
 * where Debian puts it and which a non-root PATH often lacks). Put it on the one class holding every
 * clamd test, so that a machine without clamd reports one skipped group with one message.
 */
final class ClamdAvailable implements ExecutionCondition {
  static final String INSTALL = "apt-get install -y clamav-daemon";

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    ToolRequirement requirement = ToolRequirement.decide("clamd", binary(), INSTALL);
    return switch (requirement.decision()) {
      case RUN -> ConditionEvaluationResult.enabled(requirement.message());
      case SKIP -> ConditionEvaluationResult.disabled(requirement.message());
      // Throwing from a condition fails the container, which is the point.
      case FAIL -> throw new IllegalStateException(requirement.message());
    };
  }

  /** The clamd executable, if this machine has one. */
  static Optional<Path> binary() {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    dirs.add("/usr/sbin");
    dirs.add("/usr/local/sbin");
    return dirs.stream().filter(d -> !d.isBlank()).map(d -> Path.of(d, "clamd"))
        .filter(Files::isExecutable).findFirst();
  }
}
