package io.evidencekit.video.http;

import io.evidencekit.tck.VideoSourceContract;
import io.evidencekit.tck.video.VideoPlatform;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;

@DisplayName("HttpVideoSource keeps the VideoSource contract against a platform implementing the OpenAPI document")
class HttpVideoSourceContractTest extends VideoSourceContract {
  @Override
  protected VideoPlatform newPlatform(Path scratch) throws Exception {
    return FakePlatform.start(Clock.fixed(Instant.parse("2026-11-03T09:00:00Z"), ZoneOffset.UTC), new Sleeps());
  }
}
