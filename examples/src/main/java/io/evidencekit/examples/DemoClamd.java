package io.evidencekit.examples;

import io.evidencekit.scan.clamav.LocalClamd;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The example's own clamd (scan-clamav's {@link LocalClamd}) when the machine has {@code clamd}. No
 * signatures can be downloaded here, so the example writes one: a body signature matching {@link #MARKER},
 * which the "infected" demo file carries.
 */
final class DemoClamd {
  static final String SIGNATURE = "EvidenceKit.Example.Marker";
  static final String MARKER = "EVIDENCEKIT-EXAMPLE-MALWARE-MARKER-51c9";

  private DemoClamd() {}

  static Optional<Path> binary() {
    return LocalClamd.binary();
  }

  static Optional<LocalClamd> start(Path dir) throws IOException, InterruptedException {
    return LocalClamd.start(dir, SIGNATURE, MARKER);
  }
}
