package io.evidencekit.tck.tools;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One program of an {@link ExternalTool}: where a user may point at it ({@code evidencekit.NAME} /
 * {@code EVIDENCEKIT_NAME}), the command names searched on {@code PATH}, and directories searched after
 * PATH because Debian installs daemons there, outside a normal user's PATH. Immutable.
 *
 * @param name the setting's suffix, e.g. {@code chromedriver} for {@code EVIDENCEKIT_CHROMEDRIVER}
 * @param commands file names searched for, in order, e.g. {@code chromium}, {@code chromium-browser}
 * @param alsoSearched directories searched after those on PATH
 */
public record Executable(String name, List<String> commands, List<Path> alsoSearched) {
  static final Path SBIN = Path.of("/usr/sbin");

  public Executable {
    Objects.requireNonNull(name, "name");
    commands = List.copyOf(commands);
    alsoSearched = List.copyOf(alsoSearched);
  }

  /** The property that names this executable's path, e.g. {@code evidencekit.chromedriver}. */
  public String property() {
    return "evidencekit." + name;
  }

  /** The environment variable that names this executable's path, e.g. {@code EVIDENCEKIT_CHROMEDRIVER}. */
  public String variable() {
    return ToolEnvironment.variableFor(property());
  }

  /** Where this executable is, or why it was not found. */
  public Lookup locate(ToolEnvironment environment) {
    Optional<String> setting = environment.setting(property());
    if (setting.isPresent()) {
      String given = setting.get();
      Optional<Path> path = executableFile(given);
      return path.isPresent()
          ? new Lookup(path, "")
          : new Lookup(Optional.empty(), property() + " / " + variable() + " is '" + given + "', which is not an executable file");
    }
    for (String command : commands) {
      for (Path dir : environment.searchPath(alsoSearched)) {
        Optional<Path> path = executableFile(dir.resolve(command).toString());
        if (path.isPresent()) {
          return new Lookup(path, "");
        }
      }
    }
    return new Lookup(Optional.empty(), "no " + String.join(" or ", commands) + " on PATH"
        + (alsoSearched.isEmpty() ? "" : alsoSearched.stream().map(Path::toString).collect(Collectors.joining(", ", " or in ", "")))
        + " and " + variable() + " not set");
  }

  private static Optional<Path> executableFile(String text) {
    try {
      Path path = Path.of(text);
      return path.isAbsolute() && Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }

  /**
   * The outcome of a lookup: a path, or a problem in words (no path, no secret: only what was searched).
   *
   * @param path the executable file found
   * @param problem why none was found; empty when {@code path} is present
   */
  public record Lookup(Optional<Path> path, String problem) {
    public Lookup {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(problem, "problem");
    }
  }
}
