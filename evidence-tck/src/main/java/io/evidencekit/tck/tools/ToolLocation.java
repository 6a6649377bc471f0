package io.evidencekit.tck.tools;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.opentest4j.AssertionFailedError;

/** Where a tool's executables were found, or why they were not. Immutable. */
public sealed interface ToolLocation {
  ExternalTool tool();

  /**
   * The path of one of the tool's executables, e.g. {@code executable("chromedriver")}.
   *
   * @throws AssertionFailedError when the tool is missing: the test should have been annotated with
   *     {@link RequiresTool} so that it is skipped (or, when required, failed) before it starts
   */
  Path executable(String name);

  /** Every executable was found. */
  record Found(ExternalTool tool, Map<String, Path> executables) implements ToolLocation {
    public Found {
      Objects.requireNonNull(tool, "tool");
      executables = Map.copyOf(executables);
    }

    @Override
    public Path executable(String name) {
      Path path = executables.get(name);
      if (path == null) {
        throw new AssertionFailedError(tool.id() + " has no executable named " + name + "; it has " + executables.keySet());
      }
      return path;
    }

    @Override
    public String toString() {
      return tool.id() + " " + executables.values();
    }
  }

  /** At least one executable was not found; {@code problems} says what was searched, one entry each. */
  record Missing(ExternalTool tool, List<String> problems) implements ToolLocation {
    public Missing {
      Objects.requireNonNull(tool, "tool");
      problems = List.copyOf(problems);
    }

    @Override
    public Path executable(String name) {
      throw new AssertionFailedError(explanation() + " (annotate the test with @RequiresTool to skip it instead)");
    }

    /** One sentence: what is missing and how to install it, or where to point at it. */
    public String explanation() {
      return tool.id() + " not found (" + String.join("; ", problems) + "): install it with `"
          + tool.installCommand() + "`, or set "
          + tool.executables().stream().map(Executable::variable).collect(Collectors.joining(" and "));
    }
  }
}
