package io.evidencekit.tck.tools;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The tools a build insists on: with one of them missing, its tests fail instead of being skipped. Read
 * from {@code evidencekit.require} (or {@code EVIDENCEKIT_REQUIRE}): {@code all}, {@code none}, or ids
 * separated by commas, e.g. {@code chromium,clamd}. CI sets {@code all}. Immutable.
 */
public record RequiredTools(Set<ExternalTool> tools) {
  /** The property; its environment variable is {@code EVIDENCEKIT_REQUIRE}. */
  public static final String PROPERTY = "evidencekit.require";

  public RequiredTools {
    tools = Set.copyOf(tools);
  }

  /** What the environment asks for; nothing when the setting is absent. */
  public static RequiredTools from(ToolEnvironment environment) {
    return parse(environment.setting(PROPERTY).orElse("none"));
  }

  /**
   * Parses the setting's value, ignoring case and spaces.
   *
   * @throws ExtensionConfigurationException for an id that names no tool, so that a typo cannot quietly
   *     turn a requirement off
   */
  public static RequiredTools parse(String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    if (value.equals("all")) {
      return new RequiredTools(EnumSet.allOf(ExternalTool.class));
    }
    if (value.equals("none") || value.isEmpty()) {
      return new RequiredTools(Set.of());
    }
    Set<ExternalTool> tools = EnumSet.noneOf(ExternalTool.class);
    for (String id : value.split(",")) {
      String name = id.strip();
      if (!name.isEmpty()) {
        tools.add(byId(name).orElseThrow(() -> new ExtensionConfigurationException(
            PROPERTY + " names '" + name + "', which is no tool; use all, none or some of " + knownIds())));
      }
    }
    return new RequiredTools(tools);
  }

  public boolean requires(ExternalTool tool) {
    return tools.contains(tool);
  }

  private static Optional<ExternalTool> byId(String id) {
    return Arrays.stream(ExternalTool.values()).filter(t -> t.id().equals(id)).findFirst();
  }

  private static String knownIds() {
    return Arrays.stream(ExternalTool.values()).map(ExternalTool::id).collect(Collectors.joining(", "));
  }
}
