package io.evidencekit.video.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.Sha256;
import io.evidencekit.spi.Consultation;
import io.evidencekit.spi.ConsultationId;
import io.evidencekit.spi.ConsultationPage;
import io.evidencekit.spi.DeletionReceipt;
import io.evidencekit.spi.Recording;
import io.evidencekit.spi.RecordingId;
import io.evidencekit.spi.RecordingState;
import io.evidencekit.spi.VideoCursor;
import io.evidencekit.tck.video.SampleConsultation;
import io.evidencekit.tck.video.VideoSamples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("HttpVideoSource against a faulty platform")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpVideoSourceTest {
  private static final Instant NOW = Instant.parse("2026-11-03T09:00:00Z");

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final Sleeps sleeps = new Sleeps();
  private final List<HttpVideoSource> sources = new ArrayList<>();
  private FakePlatform platform;

  @BeforeEach
  void start() throws IOException {
    platform = FakePlatform.start(clock, sleeps);
  }

  @AfterEach
  void stop() {
    sources.forEach(HttpVideoSource::close);
    platform.close();
  }

  private HttpVideoSource source() {
    return keep(platform.sourceBuilder().build());
  }

  private HttpVideoSource keep(HttpVideoSource source) {
    sources.add(source);
    return source;
  }

  private SampleConsultation publish(SampleConsultation sample) {
    platform.publish(sample);
    return sample;
  }

  private static byte[] readAll(HttpVideoSource source, SampleConsultation sample, int recording) throws IOException {
    try (InputStream in = source.open(sample.consultation().id(), sample.consultation().recordings().get(recording).id())) {
      return in.readAllBytes();
    }
  }

  private static RecordingId rec(SampleConsultation sample) {
    return sample.consultation().recordings().get(0).id();
  }

  /** Neither the token nor what the platform wrote in a body appears in any message of the chain. */
  private static void assertNoSecrets(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(FakePlatform.TOKEN).doesNotContain("Sam Caller");
      assertThat(t.toString()).doesNotContain(FakePlatform.TOKEN);
      for (Throwable s : t.getSuppressed()) {
        assertNoSecrets(s);
      }
    }
  }

  private static void assertCode(Throwable thrown, ErrorCode code) {
    assertThat(thrown).isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(code));
    assertNoSecrets(thrown);
  }

  /** The offset a download asked for; 0 when it asked for the whole recording (every byte in flight was lost). */
  private static long offset(@Nullable String range) {
    if (range == null) {
      return 0;
    }
    assertThat(range).matches("bytes=[0-9]+-");
    return Long.parseLong(range.substring("bytes=".length(), range.length() - 1));
  }

  private long requests(String method, String pathContains) {
    return platform.seen().stream().filter(s -> s.method().equals(method) && s.path().contains(pathContains)).count();
  }

  @Nested
  @DisplayName("retries")
  class Retries {

    @Test
    @DisplayName("HTTP 500s then success: the listing succeeds after backing off 1 s, then 2 s")
    void serverErrorsThenSuccess() throws Exception {
      publish(VideoSamples.consultation(1, 10));
      platform.faults().add("GET", "consultations", 2, new Faults.Status(500, Map.of()));

      ConsultationPage page = source().list(Optional.empty(), 10);

      assertThat(page.consultations()).hasSize(1);
      assertThat(sleeps.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
      assertThat(requests("GET", "consultations")).isEqualTo(3);
    }

    @Test
    @DisplayName("a platform answering 500 more often than the policy allows is an IOException naming the status, after exactly that many attempts")
    void serverErrorsExhaustRetries() {
      platform.faults().add("GET", "consultations", 100, new Faults.Status(502, Map.of()));

      Throwable thrown = catchThrowable(() -> source().list(Optional.empty(), 10));

      assertThat(thrown).isInstanceOf(IOException.class).hasMessageContaining("HTTP 502").hasMessageContaining("4 attempts");
      assertNoSecrets(thrown);
      assertThat(requests("GET", "consultations")).isEqualTo(4);
      assertThat(sleeps.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    @DisplayName("429 with Retry-After in seconds is honoured: the source waits what the platform asks, then succeeds")
    void tooManyRequestsSeconds() throws Exception {
      publish(VideoSamples.consultation(1, 10));
      platform.faults().add("GET", "consultations", 1, new Faults.Status(429, Map.of("Retry-After", "7")));

      assertThat(source().list(Optional.empty(), 10).consultations()).hasSize(1);
      assertThat(sleeps.waits()).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    @DisplayName("429 with Retry-After as an HTTP date is measured against the injected clock")
    void tooManyRequestsDate() throws Exception {
      publish(VideoSamples.consultation(1, 10));
      String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(90).atZone(ZoneOffset.UTC));
      platform.faults().add("GET", "consultations", 1, new Faults.Status(429, Map.of("Retry-After", date)));

      assertThat(source().list(Optional.empty(), 10).consultations()).hasSize(1);
      assertThat(sleeps.waits()).containsExactly(Duration.ofSeconds(90));
    }

    @Test
    @DisplayName("a Retry-After longer than the policy's bound fails at once with an IOException, without waiting")
    void retryAfterTooLong() {
      platform.faults().add("GET", "consultations", 1, new Faults.Status(503, Map.of("Retry-After", "86400")));

      Throwable thrown = catchThrowable(() -> source().list(Optional.empty(), 10));

      assertThat(thrown).isInstanceOf(IOException.class).hasMessageContaining("longer than");
      assertThat(sleeps.waits()).isEmpty();
      assertThat(requests("GET", "consultations")).isEqualTo(1);
    }

    @Test
    @DisplayName("a deletion failing once is retried and confirmed; without retries it throws, and asking again succeeds")
    void deletionFailsOnce() throws Exception {
      SampleConsultation a = publish(VideoSamples.consultation(1, 10));
      SampleConsultation b = publish(VideoSamples.consultation(2, 10));
      platform.faults().add("DELETE", "vc-1", 1, new Faults.Status(500, Map.of()));
      platform.faults().add("DELETE", "vc-2", 1, new Faults.Status(500, Map.of()));
      HttpVideoSource retrying = source();
      HttpVideoSource once = keep(platform.sourceBuilder().retryPolicy(RetryPolicy.none()).build());

      DeletionReceipt receipt = retrying.delete(a.consultation().id(), rec(a));
      Throwable first = catchThrowable(() -> once.delete(b.consultation().id(), rec(b)));
      boolean heldAfterFailure = once.holds(b.consultation().id(), rec(b));
      DeletionReceipt second = once.delete(b.consultation().id(), rec(b));

      assertThat(receipt.deletedAt()).isEqualTo(NOW);
      assertThat(receipt.confirmation()).startsWith("fake-deletion-");
      assertThat(retrying.holds(a.consultation().id(), rec(a))).isFalse();
      assertThat(first).isInstanceOf(IOException.class).hasMessageContaining("HTTP 500");
      assertThat(heldAfterFailure).isTrue();
      assertThat(second.recording()).isEqualTo(rec(b));
      assertThat(once.holds(b.consultation().id(), rec(b))).isFalse();
    }

    @Test
    @DisplayName("a deletion the platform only accepted (202) is not taken as confirmed")
    void acceptedIsNotConfirmed() {
      SampleConsultation a = publish(VideoSamples.consultation(1, 10));
      platform.faults().add("DELETE", "vc-1", 1, new Faults.Status(202, Map.of()));

      assertThat(catchThrowable(() -> source().delete(a.consultation().id(), rec(a))))
          .isInstanceOf(IOException.class).hasMessageContaining("not confirmed");
    }
  }

  @Nested
  @DisplayName("downloads")
  class Downloads {

    @Test
    @DisplayName("a stream cut half-way is resumed with a Range from the offset read so far, and the bytes are exact")
    void cutAndResumed() throws Exception {
      SampleConsultation s = publish(VideoSamples.consultation(1, 300_000));
      platform.faults().add("GET", "/content", 1, new Faults.Cut(150_000));

      byte[] read = readAll(source(), s, 0);

      assertThat(read).isEqualTo(s.bytes(rec(s)).orElseThrow());
      List<FakePlatform.Seen> downloads = platform.seen().stream().filter(x -> x.path().endsWith("/content")).toList();
      assertThat(downloads).hasSize(2);
      assertThat(downloads.get(0).range()).isNull();
      // The client resumes from what reached it; bytes in flight when the connection dropped may be lost.
      assertThat(offset(downloads.get(1).range())).isLessThanOrEqualTo(150_000);
    }

    @Test
    @DisplayName("a download cut over and over throws IOException after the bounded resumes: never a quiet short stream")
    void cutThatNeverRecovers() throws Exception {
      SampleConsultation s = publish(VideoSamples.consultation(1, 300_000));
      platform.faults().add("GET", "/content", 100, new Faults.Cut(10_000));
      HttpVideoSource source = source();
      ByteArrayOutputStream got = new ByteArrayOutputStream();

      Throwable thrown = catchThrowable(() -> {
        try (InputStream in = source.open(s.consultation().id(), rec(s))) {
          in.transferTo(got);
        }
      });

      assertThat(thrown).isInstanceOf(IOException.class).hasMessageContaining("5 resumes");
      assertNoSecrets(thrown);
      assertThat(got.size()).isLessThanOrEqualTo(60_000);
      assertThat(requests("GET", "/content")).isEqualTo(6);
    }

    @Test
    @DisplayName("bytes that change at the platform between a cut and its resumption are never spliced: IOException")
    void changedWhileResuming() throws Exception {
      SampleConsultation s = publish(VideoSamples.consultation(1, 100_000));
      platform.faults().add("GET", "/content", 1, new Faults.StallAfter(30_000));
      HttpVideoSource source = keep(platform.sourceBuilder().readTimeout(Duration.ofMillis(200)).build());
      InputStream in = source.open(s.consultation().id(), rec(s));
      in.readNBytes(20_000);
      platform.replaceBytes("vc-1", rec(s), VideoSamples.content(100_000, 99));

      Throwable thrown = catchThrowable(in::readAllBytes);
      in.close();

      assertThat(thrown).isInstanceOf(IOException.class).hasMessageContaining("changed");
      assertThat(platform.seen().stream().filter(x -> x.path().endsWith("/content")).map(FakePlatform.Seen::range))
          .containsExactly(null, "bytes=30000-");
    }

    @Test
    @DisplayName("a response that does not start in time (request timeout) is an IOException")
    void slowHeaders() throws Exception {
      SampleConsultation s = publish(VideoSamples.consultation(1, 10));
      platform.faults().add("GET", "/content", 1, new Faults.StallBeforeHeaders());
      HttpVideoSource source = keep(platform.sourceBuilder().retryPolicy(RetryPolicy.none())
          .requestTimeout(Duration.ofMillis(300)).build());

      Throwable thrown = catchThrowable(() -> readAll(source, s, 0));

      assertThat(thrown).isInstanceOf(IOException.class).hasMessageContaining("did not answer in time");
      assertNoSecrets(thrown);
    }

    @Test
    @DisplayName("a body that stalls half-way is detected by the read timeout and resumed, and the bytes are exact")
    void stallResumed() throws Exception {
      SampleConsultation s = publish(VideoSamples.consultation(1, 200_000));
      platform.faults().add("GET", "/content", 1, new Faults.StallAfter(80_000));
      HttpVideoSource source = keep(platform.sourceBuilder().readTimeout(Duration.ofMillis(200)).build());

      byte[] read = readAll(source, s, 0);

      assertThat(read).isEqualTo(s.bytes(rec(s)).orElseThrow());
      List<FakePlatform.Seen> downloads = platform.seen().stream().filter(x -> x.path().endsWith("/content")).toList();
      assertThat(downloads).hasSize(2);
      assertThat(downloads.get(0).range()).isNull();
      // A stall is declared only once the reader has drained what arrived, so the offset is exact.
      assertThat(downloads.get(1).range()).isEqualTo("bytes=80000-");
    }

    @Test
    @DisplayName("a body that stalls on every attempt ends in an IOException saying it stalled")
    void stallForever() throws Exception {
      SampleConsultation s = publish(VideoSamples.consultation(1, 200_000));
      platform.faults().add("GET", "/content", 100, new Faults.StallAfter(1_000));
      HttpVideoSource source = keep(platform.sourceBuilder().readTimeout(Duration.ofMillis(100))
          .retryPolicy(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO, 2)).build());

      assertThat(catchThrowable(() -> readAll(source, s, 0))).isInstanceOf(IOException.class).hasMessageContaining("stalled");
    }

    @Test
    @DisplayName("a platform sending fewer bytes than it lists is an IOException, also when resuming finds nothing more")
    void shortContent() throws Exception {
      SampleConsultation full = VideoSamples.consultation(1, 10_000);
      publish(VideoSamples.truncated(full, rec(full), 4_000));

      assertThat(catchThrowable(() -> readAll(source(), full, 0))).isInstanceOf(IOException.class)
          .hasMessageContaining("4000 bytes for a recording it lists at 10000");
    }

    @Test
    @DisplayName("a recording deleted while being read fails the read with an IOException, not NOT_FOUND")
    void deletedMidway() throws Exception {
      SampleConsultation s = publish(VideoSamples.consultation(1, 100_000));
      platform.faults().add("GET", "/content", 1, new Faults.StallAfter(30_000));
      HttpVideoSource source = keep(platform.sourceBuilder().readTimeout(Duration.ofMillis(200)).build());
      InputStream in = source.open(s.consultation().id(), rec(s));
      byte[] first = in.readNBytes(20_000);
      source.delete(s.consultation().id(), rec(s));

      Throwable thrown = catchThrowable(in::readAllBytes);
      in.close();
      in.close();

      assertThat(first).hasSize(20_000);
      assertThat(thrown).isInstanceOf(IOException.class).hasMessageContaining("went away");
    }
  }

  @Nested
  @DisplayName("checksums and malformed answers")
  class Checksums {

    @Test
    @DisplayName("a wrong checksum from the platform is passed through as given (the engine's verification catches it)")
    void wrongChecksumPassedThrough() throws Exception {
      SampleConsultation good = VideoSamples.consultation(1, 1000);
      Sha256 wrong = VideoSamples.sha256(new byte[] {1, 2, 3});
      Recording r = good.consultation().recordings().get(0);
      Consultation c = good.consultation();
      Consultation lying = new Consultation(c.id(), c.callReference(), c.officer(), c.caller(), c.start(), c.end(),
          List.of(new Recording(r.id(), r.size(), r.mediaType(), Optional.of(wrong), r.state())), c.consent());
      publish(new SampleConsultation(lying, good.content()));
      HttpVideoSource source = source();

      Recording listed = source.list(Optional.empty(), 10).consultations().get(0).recordings().get(0);
      byte[] bytes = readAll(source, good, 0);

      assertThat(listed.platformChecksum()).contains(wrong);
      assertThat(VideoSamples.sha256(bytes)).isNotEqualTo(wrong);
    }

    @Test
    @DisplayName("an upper-case checksum is well-formed and listed in lower case")
    void upperCaseChecksum() throws Exception {
      SampleConsultation s = publish(VideoSamples.consultation(1, 100));
      String hex = s.consultation().recordings().get(0).platformChecksum().orElseThrow().hex();
      platform.rewrite("vc-1", node -> {
        ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("recordings").get(0)).put("sha256", hex.toUpperCase());
        return node;
      });

      assertThat(source().list(Optional.empty(), 10).consultations()).containsExactly(s.consultation());
    }

    @Test
    @DisplayName("a malformed checksum refuses its consultation by id, naming the field, and the rest of the page is listed")
    void malformedChecksumRefused() throws Exception {
      publish(VideoSamples.consultation(1, 100));
      SampleConsultation two = publish(VideoSamples.consultation(2, 100));
      platform.rewrite("vc-1", node -> {
        ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("recordings").get(0)).put("sha256", "not-a-digest");
        return node;
      });

      ConsultationPage page = source().list(Optional.empty(), 10);

      assertThat(page.consultations()).containsExactly(two.consultation());
      assertThat(page.refused()).singleElement().satisfies(r -> {
        assertThat(r.entry()).isEqualTo("consultation vc-1");
        assertThat(r.reason()).contains("sha256").doesNotContain("not-a-digest");
      });
      assertThat(page.next()).isNotNull();
    }

    @Test
    @DisplayName("a consultation missing a field, or with an unknown state, is refused without repeating its personal data")
    void malformedConsultationRefused() throws Exception {
      publish(VideoSamples.consultation(1, 100));
      publish(VideoSamples.consultation(2, 100));
      platform.rewrite("vc-1", node -> {
        node.remove("callReference");
        return node;
      });
      platform.rewrite("vc-2", node -> {
        ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("recordings").get(0)).put("state", "PURGED");
        return node;
      });

      ConsultationPage page = source().list(Optional.empty(), 10);

      assertThat(page.consultations()).isEmpty();
      assertThat(page.refused()).extracting(r -> r.reason())
          .containsExactly("callReference must be text", "recordings[].state is not one of the known values");
      assertThat(page.refused().toString()).doesNotContain("Sam Caller");
    }

    @Test
    @DisplayName("a JSON answer over the size bound is refused with an IOException, without reading it whole")
    void oversizedJson() {
      for (int n = 1; n <= 20; n++) {
        publish(VideoSamples.consultation(n, 10));
      }
      HttpVideoSource source = keep(platform.sourceBuilder().maxJsonBytes(4096).build());

      assertThat(catchThrowable(() -> source.list(Optional.empty(), 20))).isInstanceOf(IOException.class)
          .hasMessageContaining("longer than the 4096 bytes allowed");
    }

    @Test
    @DisplayName("a platform answering more consultations than asked for is an IOException")
    void pageTooLong() {
      for (int n = 1; n <= 3; n++) {
        publish(VideoSamples.consultation(n, 10));
      }
      platform.ignoreLimit();

      assertThat(catchThrowable(() -> source().list(Optional.empty(), 2))).isInstanceOf(IOException.class)
          .hasMessageContaining("answered 3 consultations when asked for at most 2");
    }

    @Test
    @DisplayName("maxPageSize caps the limit sent to the platform, and 'more' says the rest waits")
    void maxPageSize() throws Exception {
      for (int n = 1; n <= 3; n++) {
        publish(VideoSamples.consultation(n, 10));
      }
      HttpVideoSource source = keep(platform.sourceBuilder().maxPageSize(2).build());

      ConsultationPage page = source.list(Optional.empty(), 1000);

      assertThat(page.consultations()).hasSize(2);
      assertThat(page.more()).isTrue();
      assertThat(platform.seen().get(0).query()).isEqualTo("limit=2");
    }

    @Test
    @DisplayName("a platform sending more bytes than the size it lists is an IOException")
    void longerThanListed() {
      SampleConsultation s = publish(VideoSamples.consultation(1, 1000));
      platform.rewrite("vc-1", node -> {
        ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("recordings").get(0)).put("size", 600);
        return node;
      });

      assertThat(catchThrowable(() -> readAll(source(), s, 0))).isInstanceOf(IOException.class)
          .hasMessageContaining("1000 bytes for a recording it lists at 600");
    }
  }

  @Nested
  @DisplayName("status codes, credentials and configuration")
  class Statuses {

    @Test
    @DisplayName("the bearer token is sent on every request and appears in no exception message, even when the platform echoes it")
    void tokenSentNeverShown() throws Exception {
      SampleConsultation s = publish(VideoSamples.consultation(1, 10));
      HttpVideoSource source = source();
      source.list(Optional.empty(), 10);
      readAll(source, s, 0);
      platform.faults().add("GET", "consultations", 10, new Faults.Status(500, Map.of()));

      Throwable thrown = catchThrowable(() -> source.list(Optional.empty(), 10));

      assertThat(platform.seen()).isNotEmpty().allSatisfy(seen ->
          assertThat(seen.authorization()).isEqualTo("Bearer " + FakePlatform.TOKEN));
      assertThat(thrown).isInstanceOf(IOException.class);
      assertNoSecrets(thrown);
    }

    @Test
    @DisplayName("a token the platform refuses (401) is CONFIGURATION, not retried, and not named")
    void wrongToken() {
      HttpVideoSource source = keep(platform.sourceBuilder().bearerToken(() -> "wrong-" + FakePlatform.TOKEN).build());

      Throwable thrown = catchThrowable(() -> source.list(Optional.empty(), 10));

      assertCode(thrown, ErrorCode.CONFIGURATION);
      assertThat(thrown).hasMessageContaining("HTTP 401");
      assertThat(requests("GET", "consultations")).isEqualTo(1);
    }

    @Test
    @DisplayName("403 is CONFIGURATION too")
    void forbidden() {
      SampleConsultation s = publish(VideoSamples.consultation(1, 10));
      platform.faults().add("DELETE", "vc-1", 1, new Faults.Status(403, Map.of()));

      assertCode(catchThrowable(() -> source().delete(s.consultation().id(), rec(s))), ErrorCode.CONFIGURATION);
    }

    @Test
    @DisplayName("a token supplier that gives something that is not a bearer token is CONFIGURATION, and nothing is sent")
    void badToken() {
      HttpVideoSource source = keep(platform.sourceBuilder().bearerToken(() -> "abc\r\nX-Injected: 1").build());

      Throwable thrown = catchThrowable(() -> source.list(Optional.empty(), 10));

      assertCode(thrown, ErrorCode.CONFIGURATION);
      assertThat(thrown.getMessage()).doesNotContain("abc").doesNotContain("Injected");
      assertThat(platform.seen()).isEmpty();
    }

    @Test
    @DisplayName("a cursor the platform did not issue (400) is INVALID_INPUT; a cursor of another kind of source is refused before sending")
    void cursors() {
      HttpVideoSource source = source();

      assertCode(catchThrowable(() -> source.list(Optional.of(new VideoCursor("http1:zzz")), 10)), ErrorCode.INVALID_INPUT);
      assertCode(catchThrowable(() -> source.list(Optional.of(new VideoCursor("folder1:start")), 10)), ErrorCode.INVALID_INPUT);
      assertThat(requests("GET", "consultations")).isEqualTo(1);
    }

    @Test
    @DisplayName("ids with reserved characters travel percent-encoded and come back intact")
    void idsEncoded() throws Exception {
      SampleConsultation base = VideoSamples.consultation(1, 10);
      Consultation c = base.consultation();
      Recording r = c.recordings().get(0);
      Recording odd = new Recording(new RecordingId("rec/1 ?#%é"), r.size(), r.mediaType(), r.platformChecksum(), r.state());
      Consultation weird = new Consultation(new ConsultationId("vc/../1 ?"), c.callReference(), c.officer(), c.caller(),
          c.start(), c.end(), List.of(odd), c.consent());
      publish(new SampleConsultation(weird, Map.of(odd.id(), base.bytes(r.id()).orElseThrow())));
      HttpVideoSource source = source();

      try (InputStream in = source.open(weird.id(), odd.id())) {
        assertThat(in.readAllBytes()).isEqualTo(base.bytes(r.id()).orElseThrow());
      }
      assertThat(source.delete(weird.id(), odd.id()).recording()).isEqualTo(odd.id());
      assertThat(source.list(Optional.empty(), 10).consultations().get(0).recordings().get(0).state())
          .isEqualTo(RecordingState.DELETED);
      assertCode(catchThrowable(() -> source.open(new ConsultationId(".."), odd.id())), ErrorCode.INVALID_INPUT);
    }

    @Test
    @DisplayName("plain http is refused to a host that is not loopback, unless explicitly allowed")
    void plainHttp() {
      assertThatThrownBy(() -> HttpVideoSource.builder(URI.create("http://video.example.net/v1/"), "X").bearerToken(() -> "t").build())
          .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION));
      assertThatThrownBy(() -> HttpVideoSource.builder(URI.create("http://127.0.0.1.example.net/v1/"), "X").bearerToken(() -> "t").build())
          .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION));
      keep(HttpVideoSource.builder(URI.create("http://video.example.net/v1/"), "X").bearerToken(() -> "t").allowPlainHttp(true).build());
      keep(HttpVideoSource.builder(URI.create("http://127.0.0.1:8080/v1/"), "X").bearerToken(() -> "t").build());
      keep(HttpVideoSource.builder(URI.create("http://[::1]:8080/v1/"), "X").bearerToken(() -> "t").build());
      keep(HttpVideoSource.builder(URI.create("https://video.example.net/v1/"), "X").bearerToken(() -> "t").build());
    }

    @Test
    @DisplayName("a source with neither a token nor a client certificate, or with a malformed base URI, is CONFIGURATION")
    void configuration() {
      assertThatThrownBy(() -> HttpVideoSource.builder(URI.create("https://video.example.net/v1/"), "X").build())
          .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION));
      assertThatThrownBy(() -> HttpVideoSource.builder(URI.create("ftp://video.example.net/"), "X").bearerToken(() -> "t").build())
          .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION));
      assertThatThrownBy(() -> HttpVideoSource.builder(URI.create("https://u:p@video.example.net/"), "X").bearerToken(() -> "t").build())
          .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION));
      assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0))
          .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION));
    }

    @Test
    @DisplayName("a base URI whose listing is 404 is CONFIGURATION, naming the base URI as the thing to check")
    void wrongBase() {
      HttpVideoSource source = keep(HttpVideoSource.builder(URI.create(platform.baseUri() + "nowhere/"), "X")
          .bearerToken(() -> FakePlatform.TOKEN).build());

      Throwable thrown = catchThrowable(() -> source.list(Optional.empty(), 10));

      assertCode(thrown, ErrorCode.CONFIGURATION);
      assertThat(thrown).hasMessageContaining("base URI");
    }

    @Test
    @DisplayName("close is idempotent, and afterwards open, holds and delete answer CLOSED without asking the platform")
    void closeSource() throws Exception {
      SampleConsultation s = publish(VideoSamples.consultation(1, 10));
      HttpVideoSource source = source();

      source.close();
      source.close();

      assertCode(catchThrowable(() -> source.open(s.consultation().id(), rec(s))), ErrorCode.CLOSED);
      assertCode(catchThrowable(() -> source.holds(s.consultation().id(), rec(s))), ErrorCode.CLOSED);
      assertCode(catchThrowable(() -> source.delete(s.consultation().id(), rec(s))), ErrorCode.CLOSED);
      assertThat(platform.seen()).isEmpty();
    }
  }
}
