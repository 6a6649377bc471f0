package io.evidencekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.spi.Consultation;
import io.evidencekit.spi.ConsultationId;
import io.evidencekit.spi.ConsultationPage;
import io.evidencekit.spi.DeletionReceipt;
import io.evidencekit.spi.Recording;
import io.evidencekit.spi.RecordingId;
import io.evidencekit.spi.RecordingState;
import io.evidencekit.spi.VideoCursor;
import io.evidencekit.spi.VideoSource;
import io.evidencekit.tck.video.SampleConsultation;
import io.evidencekit.tck.video.VideoPlatform;
import io.evidencekit.tck.video.VideoSamples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link VideoSource} keeps: each rule of its javadoc is checked here. A plugin proves
 * its source by extending this class and giving the kit a fresh platform per test:
 *
 * <pre>{@code
 * @DisplayName("FolderVideoSource")
 * class FolderVideoSourceContractTest extends VideoSourceContract {
 *   @Override protected VideoPlatform newPlatform(Path scratch) { return new ExportFolderPlatform(scratch); }
 * }
 * }</pre>
 *
 * <p>Consultations are published through {@link VideoPlatform#publish} and compared, after listing, with
 * what was published: a source lists exactly the platform's data. The group "when the platform fails
 * mid-stream" is skipped when {@link VideoPlatform#connectFailingAfter} is not supplied. Sources and the
 * platform are closed by the kit after each test.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class VideoSourceContract {
  private final List<VideoSource> opened = new ArrayList<>();
  private @Nullable VideoPlatform platform;

  /** A fresh, empty platform for one test; {@code scratch} is an empty directory it may use. */
  protected abstract VideoPlatform newPlatform(Path scratch) throws Exception;

  @BeforeEach
  final void openPlatform(@TempDir Path scratch) throws Exception {
    platform = newPlatform(scratch);
  }

  @AfterEach
  final void closeAll() throws IOException {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    opened.clear();
    if (platform != null) {
      platform.close();
    }
  }

  /** The platform of the current test. */
  protected final VideoPlatform platform() {
    if (platform == null) {
      throw new AssertionError("the platform is created before each test");
    }
    return platform;
  }

  /** A new source over the platform, closed after the test. */
  protected final VideoSource connect() throws Exception {
    VideoSource source = platform().connect();
    opened.add(source);
    return source;
  }

  private SampleConsultation publish(SampleConsultation sample) throws Exception {
    platform().publish(sample);
    return sample;
  }

  private static byte[] readAll(VideoSource source, ConsultationId c, RecordingId r) throws IOException {
    try (InputStream in = source.open(c, r)) {
      return in.readAllBytes();
    }
  }

  /** Every consultation from the beginning, following cursors page by page. */
  private static List<Consultation> listAll(VideoSource source, int pageSize) throws IOException {
    List<Consultation> all = new ArrayList<>();
    Optional<VideoCursor> cursor = Optional.empty();
    for (int pages = 0; pages < 1000; pages++) {
      ConsultationPage page = source.list(cursor, pageSize);
      assertThat(page.consultations().size()).as("page size").isLessThanOrEqualTo(pageSize);
      all.addAll(page.consultations());
      cursor = Optional.of(page.next());
      if (!page.more()) {
        return all;
      }
    }
    throw new AssertionError("the listing never ended");
  }

  private static List<ConsultationId> ids(List<Consultation> consultations) {
    return consultations.stream().map(Consultation::id).toList();
  }

  private static void assertCode(Throwable thrown, ErrorCode code) {
    assertThat(thrown).isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  @Nested
  @DisplayName("listing with a cursor")
  class Listing {

    @Test
    @DisplayName("an empty platform lists nothing, with a cursor to come back with")
    void emptyPlatform() throws Exception {
      ConsultationPage page = connect().list(Optional.empty(), 10);

      assertThat(page.consultations()).isEmpty();
      assertThat(page.more()).isFalse();
      assertThat(page.refused()).isEmpty();
      assertThat(page.next()).isNotNull();
    }

    @Test
    @DisplayName("a published consultation is listed exactly as published: ids, reference, people, times, recordings, consent")
    void listsWhatWasPublished() throws Exception {
      SampleConsultation one = publish(VideoSamples.consultation(1, 1000, 2500));
      SampleConsultation two = publish(VideoSamples.withConsent(2, Optional.empty(), 10));

      assertThat(listAll(connect(), 10)).containsExactly(one.consultation(), two.consultation());
    }

    @Test
    @DisplayName("pages follow each other by cursor: every consultation once, in the same order, until 'more' is false")
    void pagesByCursor() throws Exception {
      List<ConsultationId> published = new ArrayList<>();
      for (int n = 1; n <= 5; n++) {
        published.add(publish(VideoSamples.consultation(n, 50)).consultation().id());
      }

      assertThat(ids(listAll(connect(), 2))).containsExactlyElementsOf(published);
      assertThat(ids(listAll(connect(), 5))).containsExactlyElementsOf(published);
    }

    @Test
    @DisplayName("a cursor from one source instance is understood by a new one after a restart")
    void cursorSurvivesRestart() throws Exception {
      for (int n = 1; n <= 4; n++) {
        publish(VideoSamples.consultation(n, 50));
      }
      VideoSource before = connect();
      ConsultationPage first = before.list(Optional.empty(), 2);
      before.close();

      ConsultationPage rest = connect().list(Optional.of(first.next()), 10);

      assertThat(ids(first.consultations())).extracting(ConsultationId::value).containsExactly("vc-1", "vc-2");
      assertThat(ids(rest.consultations())).extracting(ConsultationId::value).containsExactly("vc-3", "vc-4");
      assertThat(rest.more()).isFalse();
    }

    @Test
    @DisplayName("after the last page, only consultations completed later are listed from its cursor")
    void onlyNewAfterCursor() throws Exception {
      publish(VideoSamples.consultation(1, 50));
      VideoSource source = connect();
      ConsultationPage all = source.list(Optional.empty(), 10);

      ConsultationPage none = source.list(Optional.of(all.next()), 10);
      publish(VideoSamples.consultation(2, 50));
      ConsultationPage later = source.list(Optional.of(all.next()), 10);

      assertThat(none.consultations()).isEmpty();
      assertThat(ids(later.consultations())).extracting(ConsultationId::value).containsExactly("vc-2");
    }

    @Test
    @DisplayName("the cursor of an empty page is accepted again, and lists what is published later")
    void cursorOfEmptyPage() throws Exception {
      VideoSource source = connect();
      ConsultationPage empty = source.list(Optional.empty(), 10);
      ConsultationPage stillEmpty = source.list(Optional.of(empty.next()), 10);

      ConsultationPage again = source.list(Optional.of(stillEmpty.next()), 10);
      publish(VideoSamples.consultation(1, 50));
      ConsultationPage later = connect().list(Optional.of(again.next()), 10);

      assertThat(stillEmpty.consultations()).isEmpty();
      assertThat(again.consultations()).isEmpty();
      assertThat(ids(later.consultations())).extracting(ConsultationId::value).containsExactly("vc-1");
    }

    @Test
    @DisplayName("listing changes nothing: the same cursor lists the same consultations again")
    void listingIsRepeatable() throws Exception {
      publish(VideoSamples.consultation(1, 50));
      publish(VideoSamples.consultation(2, 50));
      VideoSource source = connect();
      ConsultationPage first = source.list(Optional.empty(), 1);

      ConsultationPage again = source.list(Optional.empty(), 1);
      ConsultationPage second = source.list(Optional.of(first.next()), 1);
      ConsultationPage secondAgain = source.list(Optional.of(first.next()), 1);

      assertThat(again.consultations()).isEqualTo(first.consultations());
      assertThat(secondAgain.consultations()).isEqualTo(second.consultations());
      assertThat(ids(second.consultations())).extracting(ConsultationId::value).containsExactly("vc-2");
    }

    @Test
    @DisplayName("a cursor this source could not have issued is INVALID_INPUT")
    void foreignCursor() throws Exception {
      publish(VideoSamples.consultation(1, 50));

      assertCode(catchThrowable(() -> connect().list(Optional.of(new VideoCursor("no such cursor ../../etc")), 10)),
          ErrorCode.INVALID_INPUT);
    }

    @Test
    @DisplayName("a page limit below 1 or above 1000 is INVALID_INPUT")
    void limitOutOfRange() throws Exception {
      VideoSource source = connect();

      assertCode(catchThrowable(() -> source.list(Optional.empty(), 0)), ErrorCode.INVALID_INPUT);
      assertCode(catchThrowable(() -> source.list(Optional.empty(), 1001)), ErrorCode.INVALID_INPUT);
    }
  }

  @Nested
  @DisplayName("recordings")
  class Recordings {

    @Test
    @DisplayName("a recording streams exactly its bytes, as many as its listed size")
    void exactBytes() throws Exception {
      SampleConsultation sample = publish(VideoSamples.consultation(1, 0, 1, 3 * 1024 * 1024 + 7));
      VideoSource source = connect();
      Consultation listed = source.list(Optional.empty(), 10).consultations().get(0);

      for (Recording r : listed.recordings()) {
        byte[] read = readAll(source, listed.id(), r.id());
        assertThat(read).isEqualTo(sample.bytes(r.id()).orElseThrow());
        assertThat((long) read.length).isEqualTo(r.size());
        assertThat(r.platformChecksum()).contains(VideoSamples.sha256(read));
      }
    }

    @Test
    @DisplayName("a recording whose bytes are missing is never listed AVAILABLE: MISSING and NOT_FOUND, or refused")
    void missingBytes() throws Exception {
      SampleConsultation full = VideoSamples.consultation(1, 100, 200);
      RecordingId gone = full.consultation().recordings().get(1).id();
      publish(VideoSamples.withoutBytes(full, gone));
      VideoSource source = connect();

      ConsultationPage page = source.list(Optional.empty(), 10);

      if (page.consultations().isEmpty()) {
        assertThat(page.refused()).as("left out, so reported as refused").isNotEmpty();
      } else {
        Consultation listed = page.consultations().get(0);
        assertThat(listed.recording(gone).orElseThrow().state()).isEqualTo(RecordingState.MISSING);
        assertCode(catchThrowable(() -> source.open(listed.id(), gone)), ErrorCode.NOT_FOUND);
        assertThat(source.holds(listed.id(), gone)).isFalse();
      }
    }

    @Test
    @DisplayName("a partial recording never reads as complete: refused, MISSING, or its stream throws IOException")
    void partialRecording() throws Exception {
      SampleConsultation full = VideoSamples.consultation(1, 10_000);
      RecordingId cut = full.consultation().recordings().get(0).id();
      publish(VideoSamples.truncated(full, cut, 4_000));
      VideoSource source = connect();

      ConsultationPage page = source.list(Optional.empty(), 10);

      if (page.consultations().isEmpty()) {
        assertThat(page.refused()).as("left out, so reported as refused").isNotEmpty();
        return;
      }
      Recording listed = page.consultations().get(0).recording(cut).orElseThrow();
      if (listed.state() == RecordingState.AVAILABLE) {
        assertThat(listed.size()).isEqualTo(10_000);
        assertThat(catchThrowable(() -> readAll(source, full.consultation().id(), cut)))
            .as("reading a partial recording to its end").isInstanceOf(IOException.class);
      } else {
        assertThat(listed.state()).isEqualTo(RecordingState.MISSING);
      }
    }

    @Test
    @DisplayName("a consultation without a consent record lists none; a refusal lists as REFUSED")
    void consentAsPublished() throws Exception {
      publish(VideoSamples.withConsent(1, Optional.empty(), 10));
      publish(VideoSamples.withConsent(2, Optional.of(VideoSamples.consentRefused(VideoSamples.BASE)), 10));

      List<Consultation> listed = listAll(connect(), 10);

      assertThat(listed.get(0).consent()).isEmpty();
      assertThat(listed.get(1).consent().orElseThrow().permitsImport()).isFalse();
    }

    @Test
    @DisplayName("unknown consultations and recordings are NOT_FOUND to open and delete, and not held")
    void unknownIds() throws Exception {
      SampleConsultation sample = publish(VideoSamples.consultation(1, 10));
      ConsultationId known = sample.consultation().id();
      VideoSource source = connect();

      assertCode(catchThrowable(() -> source.open(new ConsultationId("vc-404"), new RecordingId("rec-1-1"))), ErrorCode.NOT_FOUND);
      assertCode(catchThrowable(() -> source.open(known, new RecordingId("rec-404"))), ErrorCode.NOT_FOUND);
      assertCode(catchThrowable(() -> source.delete(known, new RecordingId("rec-404"))), ErrorCode.NOT_FOUND);
      assertThat(source.holds(new ConsultationId("vc-404"), new RecordingId("rec-1-1"))).isFalse();
    }

    @Test
    @DisplayName("several threads read the same recording at once and each gets exact bytes")
    void concurrentReads() throws Exception {
      SampleConsultation sample = publish(VideoSamples.consultation(1, 512 * 1024));
      VideoSource source = connect();
      RecordingId r = sample.consultation().recordings().get(0).id();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<byte[]>> reads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          reads.add(pool.submit((Callable<byte[]>) () -> readAll(source, sample.consultation().id(), r)));
        }
        for (Future<byte[]> read : reads) {
          assertThat(read.get(60, TimeUnit.SECONDS)).isEqualTo(sample.bytes(r).orElseThrow());
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Nested
  @DisplayName("when the platform fails mid-stream")
  class MidStream {

    private VideoSource failing() throws Exception {
      Optional<VideoSource> source = platform().connectFailingAfter(1000);
      assumeTrue(source.isPresent(), "the plugin's platform cannot fail mid-stream (connectFailingAfter not supplied)");
      opened.add(source.get());
      return source.get();
    }

    @Test
    @DisplayName("the stream throws IOException, never a quiet early end, and the recording is still held")
    void failsLoudly() throws Exception {
      SampleConsultation sample = publish(VideoSamples.consultation(1, 64 * 1024));
      VideoSource source = failing();
      ConsultationId c = sample.consultation().id();
      RecordingId r = sample.consultation().recordings().get(0).id();
      ByteArrayOutputStream got = new ByteArrayOutputStream();

      Throwable thrown = catchThrowable(() -> {
        try (InputStream in = source.open(c, r)) {
          in.transferTo(got);
        }
      });

      assertThat(thrown).isInstanceOf(IOException.class);
      assertThat(got.size()).isLessThan(64 * 1024);
      assertThat(connect().holds(c, r)).isTrue();
    }

    @Test
    @DisplayName("after a failed stream, a new attempt reads the whole recording")
    void retryReadsAll() throws Exception {
      SampleConsultation sample = publish(VideoSamples.consultation(1, 64 * 1024));
      ConsultationId c = sample.consultation().id();
      RecordingId r = sample.consultation().recordings().get(0).id();
      VideoSource source = failing();
      assertThat(catchThrowable(() -> readAll(source, c, r))).isInstanceOf(IOException.class);

      assertThat(readAll(connect(), c, r)).isEqualTo(sample.bytes(r).orElseThrow());
    }
  }

  @Nested
  @DisplayName("deletion at the source")
  class Deletion {

    @Test
    @DisplayName("a recording is held until deleted; afterwards it is not held, NOT_FOUND to open, and not listed AVAILABLE")
    void deleteAndConfirm() throws Exception {
      SampleConsultation sample = publish(VideoSamples.consultation(1, 100));
      ConsultationId c = sample.consultation().id();
      RecordingId r = sample.consultation().recordings().get(0).id();
      VideoSource source = connect();
      assertThat(source.holds(c, r)).isTrue();

      DeletionReceipt receipt = source.delete(c, r);

      assertThat(receipt.consultation()).isEqualTo(c);
      assertThat(receipt.recording()).isEqualTo(r);
      assertThat(source.holds(c, r)).isFalse();
      assertCode(catchThrowable(() -> source.open(c, r)), ErrorCode.NOT_FOUND);
      for (Consultation listed : listAll(source, 10)) {
        assertThat(listed.recording(r).map(Recording::state)).isNotEqualTo(Optional.of(RecordingState.AVAILABLE));
      }
    }

    @Test
    @DisplayName("deleting twice succeeds twice: the second is a receipt, not an error")
    void deleteIsIdempotent() throws Exception {
      SampleConsultation sample = publish(VideoSamples.consultation(1, 100));
      ConsultationId c = sample.consultation().id();
      RecordingId r = sample.consultation().recordings().get(0).id();
      VideoSource source = connect();

      source.delete(c, r);
      DeletionReceipt again = source.delete(c, r);

      assertThat(again.recording()).isEqualTo(r);
      assertThat(source.holds(c, r)).isFalse();
    }

    @Test
    @DisplayName("deleting one recording leaves the consultation's others held and readable")
    void othersUntouched() throws Exception {
      SampleConsultation sample = publish(VideoSamples.consultation(1, 100, 200));
      ConsultationId c = sample.consultation().id();
      RecordingId first = sample.consultation().recordings().get(0).id();
      RecordingId second = sample.consultation().recordings().get(1).id();
      VideoSource source = connect();

      source.delete(c, first);

      assertThat(source.holds(c, second)).isTrue();
      assertThat(readAll(source, c, second)).isEqualTo(sample.bytes(second).orElseThrow());
    }

    @Test
    @DisplayName("a deletion is seen by a new source instance after a restart")
    void deletionSurvivesRestart() throws Exception {
      SampleConsultation sample = publish(VideoSamples.consultation(1, 100));
      ConsultationId c = sample.consultation().id();
      RecordingId r = sample.consultation().recordings().get(0).id();
      VideoSource before = connect();
      before.delete(c, r);
      before.close();

      VideoSource after = connect();

      assertThat(after.holds(c, r)).isFalse();
      assertThat(after.delete(c, r).recording()).isEqualTo(r);
    }
  }

  @Nested
  @DisplayName("closing")
  class Closing {

    @Test
    @DisplayName("close is idempotent, and a closed source answers CLOSED")
    void closeIsIdempotent() throws Exception {
      publish(VideoSamples.consultation(1, 10));
      VideoSource source = connect();

      source.close();
      source.close();

      assertThatThrownBy(() -> source.list(Optional.empty(), 10))
          .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CLOSED));
    }
  }
}
