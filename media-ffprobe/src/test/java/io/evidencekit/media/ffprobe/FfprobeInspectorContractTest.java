package io.evidencekit.media.ffprobe;

import io.evidencekit.spi.MediaInspector;
import io.evidencekit.tck.MediaInspectorContract;
import io.evidencekit.tck.tools.ExternalTool;
import io.evidencekit.tck.tools.RequiresTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;

@DisplayName("FfprobeInspector keeps the MediaInspector contract")
@RequiresTool(ExternalTool.FFPROBE)
class FfprobeInspectorContractTest extends MediaInspectorContract {

  @Override
  protected MediaInspector newInspector() {
    return new FfprobeInspector(TestMedia.settings());
  }

  @Override
  protected Sample recognisedSample(Path dir) throws Exception {
    return new Sample(TestMedia.mp4(dir.resolve("clip-" + System.nanoTime() + ".mp4"), 3, "2024-05-03T01:10:00Z"),
        Duration.ofSeconds(3));
  }

  @Override
  protected MediaInspector newStalledInspector() throws Exception {
    Path dir = Files.createTempDirectory("stalled");
    Path stalling = TestMedia.stallingProgram(dir);
    return new FfprobeInspector(TestMedia.settings().withExecutables(stalling, stalling).withTimeout(stallLimit()));
  }
}
