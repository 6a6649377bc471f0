package io.evidencekit.tck.video;

import io.evidencekit.tck.VideoSourceContract;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;

/** The kit run against the in-memory reference source: shows the contract can be met, every group included. */
@DisplayName("MemoryVideoSource (reference)")
class MemoryVideoSourceContractTest extends VideoSourceContract {
  @Override
  protected VideoPlatform newPlatform(Path scratch) {
    return new MemoryVideoPlatform(Clock.fixed(Instant.parse("2026-11-03T09:00:00Z"), ZoneOffset.UTC));
  }
}
