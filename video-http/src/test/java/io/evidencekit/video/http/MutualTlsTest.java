package io.evidencekit.video.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.evidencekit.tck.VideoSourceContract;
import io.evidencekit.tck.video.SampleConsultation;
import io.evidencekit.tck.video.VideoPlatform;
import io.evidencekit.tck.video.VideoSamples;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("HttpVideoSource over mutual TLS (a CA, server and client certificates generated for the test)")
class MutualTlsTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-03T09:00:00Z"), ZoneOffset.UTC);

  private static TestPki pki;
  private static SSLContext serverContext;
  private static SSLContext clientContext;

  @BeforeAll
  static void issue() throws Exception {
    pki = new TestPki("evidencekit test platform CA");
    serverContext = pki.context(pki.server());
    clientContext = pki.context(pki.client("force evidence system"));
  }

  @Nested
  @DisplayName("keeps the VideoSource contract with a client certificate and no token")
  class Contract extends VideoSourceContract {
    @Override
    protected VideoPlatform newPlatform(Path scratch) throws Exception {
      return FakePlatform.startMutualTls(serverContext, clientContext, CLOCK, new Sleeps());
    }
  }

  @Nested
  @DisplayName("refusals")
  class Refusals {

    @Test
    @DisplayName("without a client certificate the platform refuses the handshake: an IOException, and nothing is listed")
    void noClientCertificate() throws Exception {
      try (FakePlatform platform = FakePlatform.startMutualTls(serverContext, clientContext, CLOCK, new Sleeps());
          HttpVideoSource source = HttpVideoSource.builder(platform.baseUri(), FakePlatform.PLATFORM)
              .sslContext(TestPki.context(null, pki)).retryPolicy(RetryPolicy.none()).build()) {
        platform.publish(VideoSamples.consultation(1, 10));

        assertThat(catchThrowable(() -> source.list(Optional.empty(), 10))).isInstanceOf(IOException.class);
        assertThat(platform.seen()).isEmpty();
      }
    }

    @Test
    @DisplayName("a platform whose certificate comes from a CA the source does not trust is refused: an IOException, nothing sent")
    void untrustedServer() throws Exception {
      TestPki other = new TestPki("another CA");
      try (FakePlatform platform = FakePlatform.startMutualTls(other.context(other.server()), clientContext, CLOCK, new Sleeps());
          HttpVideoSource source = HttpVideoSource.builder(platform.baseUri(), FakePlatform.PLATFORM)
              .sslContext(clientContext).bearerToken(() -> FakePlatform.TOKEN).retryPolicy(RetryPolicy.none()).build()) {
        platform.publish(VideoSamples.consultation(1, 10));

        assertThat(catchThrowable(() -> source.list(Optional.empty(), 10))).isInstanceOf(IOException.class);
        assertThat(platform.seen()).isEmpty();
      }
    }

    @Test
    @DisplayName("with the client certificate a recording downloads exactly")
    void downloads() throws Exception {
      try (FakePlatform platform = FakePlatform.startMutualTls(serverContext, clientContext, CLOCK, new Sleeps());
          HttpVideoSource source = platform.connect()) {
        SampleConsultation s = VideoSamples.consultation(1, 100_000);
        platform.publish(s);

        try (InputStream in = source.open(s.consultation().id(), s.consultation().recordings().get(0).id())) {
          assertThat(in.readAllBytes()).isEqualTo(s.bytes(s.consultation().recordings().get(0).id()).orElseThrow());
        }
        assertThat(platform.seen()).allSatisfy(seen -> assertThat(seen.authorization()).isNull());
      }
    }
  }
}
