package io.evidencekit.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The RFC 6962 test vectors in ../shared/vectors/rfc6962 beside the repository (transparency-dev/merkle).
 * The module's working directory is {@code <repo>/evidence-verify}, hence two levels up.
 */
final class Vectors {
  static final Path DIR = Path.of("..", "..", "shared", "vectors", "rfc6962");

  private Vectors() {}

  static Stream<Path> files(String kind) {
    Path dir = DIR.resolve(kind);
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("test vectors not found at " + dir.toAbsolutePath().normalize()
          + ": clone the shared directory beside the repository");
    }
    try {
      return Files.walk(dir).filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String name(Path file) {
    return DIR.resolve("x").getParent().relativize(file).toString();
  }
}
