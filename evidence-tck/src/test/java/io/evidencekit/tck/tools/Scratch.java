package io.evidencekit.tck.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Fake executables in a scratch directory, and environments made of plain maps. */
final class Scratch {
  private Scratch() {}

  static Path executable(Path dir, String name) {
    return file(dir, name, "rwxr-xr-x");
  }

  static Path file(Path dir, String name, String permissions) {
    try {
      Files.createDirectories(dir);
      Path file = Files.writeString(dir.resolve(name), "#!/bin/sh\nexit 0\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ToolEnvironment environment(Map<String, String> properties, Map<String, String> variables) {
    Map<String, String> props = new HashMap<>(properties);
    return new ToolEnvironment(name -> Optional.ofNullable(props.get(name)), variables);
  }

  static ToolEnvironment path(Path... dirs) {
    StringBuilder path = new StringBuilder();
    for (Path dir : dirs) {
      path.append(path.length() == 0 ? "" : ":").append(dir);
    }
    return environment(Map.of(), Map.of("PATH", path.toString()));
  }
}
