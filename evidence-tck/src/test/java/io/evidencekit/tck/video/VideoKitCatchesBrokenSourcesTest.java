package io.evidencekit.tck.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.evidencekit.spi.ConsultationId;
import io.evidencekit.spi.ConsultationPage;
import io.evidencekit.spi.DeletionReceipt;
import io.evidencekit.spi.RecordingId;
import io.evidencekit.spi.VideoCursor;
import io.evidencekit.spi.VideoSource;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * A kit test that cannot fail is a defect: VideoSourceContract is run against the reference source broken
 * in one way at a time, and must fail the tests about that way. The broken sources are nested classes,
 * which the build's own test run does not pick up.
 */
@DisplayName("VideoSourceContract fails broken sources")
class VideoKitCatchesBrokenSourcesTest {

  @Test
  @DisplayName("the reference source passes every test of the kit, the mid-stream group included")
  void referencePasses() {
    Events tests = run(MemoryVideoSourceContractTest.class);
    assertThat(tests.failed().count()).isZero();
    assertThat(tests.skipped().count()).isZero();
    assertThat(methods(tests.succeeded())).contains("failsLoudly", "retryReadsAll");
  }

  @Test
  @DisplayName("a source whose streams end quietly when bytes are short fails the partial and mid-stream tests")
  void quietShortStreams() {
    assertThat(methods(run(QuietStreams.class).failed())).contains("partialRecording", "failsLoudly");
  }

  @Test
  @DisplayName("a source that ignores the cursor fails the cursor tests")
  void cursorIgnored() {
    assertThat(methods(run(CursorIgnored.class).failed()))
        .contains("pagesByCursor", "cursorSurvivesRestart", "onlyNewAfterCursor");
  }

  @Test
  @DisplayName("a source that answers NOT_FOUND to a second deletion fails the idempotency tests")
  void deletionNotIdempotent() {
    assertThat(methods(run(SecondDeleteFails.class).failed())).contains("deleteIsIdempotent", "deletionSurvivesRestart");
  }

  @Test
  @DisplayName("a source that gives a receipt but keeps the recording fails the confirmation test")
  void receiptWithoutDeletion() {
    assertThat(methods(run(KeepsDeleted.class).failed())).contains("deleteAndConfirm");
  }

  private static Events run(Class<?> testClass) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
  }

  private static Set<String> methods(Events events) {
    return events.stream()
        .map(e -> e.getTestDescriptor().getSource().orElseThrow())
        .filter(MethodSource.class::isInstance)
        .map(s -> ((MethodSource) s).getMethodName())
        .collect(Collectors.toSet());
  }

  /** The reference platform, with every source it connects wrapped by {@code breakIt}. */
  abstract static class Broken extends MemoryVideoSourceContractTest {
    abstract VideoSource breakIt(VideoSource source);

    @Override
    protected VideoPlatform newPlatform(Path scratch) {
      MemoryVideoPlatform memory = new MemoryVideoPlatform(Clock.fixed(Instant.parse("2026-11-03T09:00:00Z"), ZoneOffset.UTC));
      UnaryOperator<VideoSource> wrap = this::breakIt;
      return new VideoPlatform() {
        @Override
        public void publish(SampleConsultation consultation) {
          memory.publish(consultation);
        }

        @Override
        public VideoSource connect() {
          return wrap.apply(memory.connect());
        }

        @Override
        public Optional<VideoSource> connectFailingAfter(long bytes) {
          return memory.connectFailingAfter(bytes).map(wrap);
        }
      };
    }
  }

  static class QuietStreams extends Broken {
    @Override
    VideoSource breakIt(VideoSource source) {
      return new Forwarding(source) {
        @Override
        public InputStream open(ConsultationId c, RecordingId r) throws IOException {
          return new FilterInputStream(super.open(c, r)) {
            @Override
            public int read(byte[] b, int off, int len) {
              try {
                return super.read(b, off, len);
              } catch (IOException e) {
                return -1;
              }
            }
          };
        }
      };
    }
  }

  static class CursorIgnored extends Broken {
    @Override
    VideoSource breakIt(VideoSource source) {
      return new Forwarding(source) {
        @Override
        public ConsultationPage list(Optional<VideoCursor> after, int limit) throws IOException {
          ConsultationPage page = super.list(Optional.empty(), limit);
          return new ConsultationPage(page.consultations(), page.next(), false, page.refused());
        }
      };
    }
  }

  static class SecondDeleteFails extends Broken {
    @Override
    VideoSource breakIt(VideoSource source) {
      return new Forwarding(source) {
        @Override
        public DeletionReceipt delete(ConsultationId c, RecordingId r) throws IOException {
          if (!super.holds(c, r)) {
            throw new io.evidencekit.api.EvidenceException(io.evidencekit.api.ErrorCode.NOT_FOUND, "already gone");
          }
          return super.delete(c, r);
        }
      };
    }
  }

  static class KeepsDeleted extends Broken {
    @Override
    VideoSource breakIt(VideoSource source) {
      return new Forwarding(source) {
        @Override
        public DeletionReceipt delete(ConsultationId c, RecordingId r) {
          return new DeletionReceipt(c, r, Instant.EPOCH, "pretended");
        }
      };
    }
  }

  /** Passes every call through; the broken sources override one. */
  private static class Forwarding implements VideoSource {
    private final VideoSource inner;

    Forwarding(VideoSource inner) {
      this.inner = inner;
    }

    @Override
    public String platform() {
      return inner.platform();
    }

    @Override
    public ConsultationPage list(Optional<VideoCursor> after, int limit) throws IOException {
      return inner.list(after, limit);
    }

    @Override
    public InputStream open(ConsultationId c, RecordingId r) throws IOException {
      return inner.open(c, r);
    }

    @Override
    public DeletionReceipt delete(ConsultationId c, RecordingId r) throws IOException {
      return inner.delete(c, r);
    }

    @Override
    public boolean holds(ConsultationId c, RecordingId r) throws IOException {
      return inner.holds(c, r);
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
