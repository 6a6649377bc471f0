package io.evidencekit.scan.clamav;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Where this machine's {@code clamd} is: on the PATH, or in {@code /usr/sbin}, where Debian puts it. */
final class ClamdAvailable {
  private ClamdAvailable() {}

  /** The clamd executable, if this machine has one. */
  static Optional<Path> binary() {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    dirs.add("/usr/sbin");
    dirs.add("/usr/local/sbin");
    return dirs.stream().filter(d -> !d.isBlank()).map(d -> Path.of(d, "clamd"))
        .filter(Files::isExecutable).findFirst();
  }
}
