package io.evidencekit.tck.tools;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a tool lookup reads: settings by property name, where a property ({@code evidencekit.require}, a
 * system property or JUnit configuration parameter) wins over the environment variable of the same name
 * in upper case with {@code _} for {@code .} ({@code EVIDENCEKIT_REQUIRE}); and the {@code PATH}. A blank
 * value counts as unset. Immutable and thread-safe; tests pass their own maps.
 */
public final class ToolEnvironment {
  private final Function<String, Optional<String>> properties;
  private final Map<String, String> environment;

  /**
   * @param properties looks a property up by name (a missing one is empty)
   * @param environment environment variables, including {@code PATH}
   */
  public ToolEnvironment(Function<String, Optional<String>> properties, Map<String, String> environment) {
    this.properties = Objects.requireNonNull(properties, "properties");
    this.environment = Map.copyOf(environment);
  }

  /** This JVM's system properties and environment, as a test that builds its own browser sees them. */
  public static ToolEnvironment ofThisProcess() {
    return new ToolEnvironment(name -> Optional.ofNullable(System.getProperty(name)), System.getenv());
  }

  /** The JUnit configuration parameters (which fall back to system properties) and this process's environment. */
  public static ToolEnvironment of(ExtensionContext context) {
    return new ToolEnvironment(context::getConfigurationParameter, System.getenv());
  }

  /** The environment variable read for a property: {@code evidencekit.require} gives {@code EVIDENCEKIT_REQUIRE}. */
  public static String variableFor(String property) {
    return property.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  /** The property's value, else its environment variable's; empty when neither is set or both are blank. */
  public Optional<String> setting(String property) {
    Optional<String> value = properties.apply(property).filter(v -> !v.isBlank());
    return value.isPresent() ? value : Optional.ofNullable(environment.get(variableFor(property))).filter(v -> !v.isBlank());
  }

  /** The directories on PATH, in order, followed by {@code alsoSearched}; unusable entries are left out. */
  public List<Path> searchPath(List<Path> alsoSearched) {
    List<Path> dirs = new ArrayList<>();
    for (String entry : environment.getOrDefault("PATH", "").split(File.pathSeparator)) {
      try {
        if (!entry.isBlank()) {
          dirs.add(Path.of(entry));
        }
      } catch (InvalidPathException e) {
        // an entry the shell could not use either
      }
    }
    dirs.addAll(alsoSearched);
    return dirs;
  }
}
