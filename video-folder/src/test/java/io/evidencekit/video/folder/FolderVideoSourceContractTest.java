package io.evidencekit.video.folder;

import io.evidencekit.tck.VideoSourceContract;
import io.evidencekit.tck.video.VideoPlatform;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;

@DisplayName("FolderVideoSource keeps the VideoSource contract")
class FolderVideoSourceContractTest extends VideoSourceContract {
  @Override
  protected VideoPlatform newPlatform(Path scratch) {
    return new ExportFolderPlatform(scratch, Clock.fixed(Instant.parse("2026-11-03T09:00:00Z"), ZoneOffset.UTC));
  }
}
