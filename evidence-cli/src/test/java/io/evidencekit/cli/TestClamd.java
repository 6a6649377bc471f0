package io.evidencekit.cli;

import io.evidencekit.scan.clamav.LocalClamd;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** A clamd of the test's own (scan-clamav's {@link LocalClamd}) with one body signature matching {@link #MARKER}. */
final class TestClamd {
  static final String SIGNATURE = "EvidenceKit.Cli.Marker";
  static final String MARKER = "EVIDENCEKIT-CLI-TEST-MARKER-0e4d";

  private TestClamd() {}

  static Optional<LocalClamd> start(Path dir) throws IOException, InterruptedException {
    return LocalClamd.start(dir, SIGNATURE, MARKER);
  }
}
