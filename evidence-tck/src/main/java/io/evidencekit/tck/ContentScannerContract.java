package io.evidencekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.spi.ContentScanner;
import io.evidencekit.spi.ScanFailure;
import io.evidencekit.spi.ScanResult;
import io.evidencekit.spi.ScannerVersion;
import io.evidencekit.tck.scan.TrackedStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
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

/**
 * The contract every {@link ContentScanner} keeps: each rule in its javadoc is checked here. A plugin
 * proves its scanner by extending this class in its own tests and pointing the hooks at a real backend:
 *
 * <pre>{@code
 * @DisplayName("ClamdScanner")
 * class ClamdScannerContractTest extends ContentScannerContract {
 *   @Override protected ContentScanner newScanner() { return new ClamdScanner(settings); }
 *   @Override protected byte[] detectedSample() { return sampleWithKnownSignature; }
 *   @Override protected byte[] cleanSample() { return "an ordinary text".getBytes(UTF_8); }
 * }
 * }</pre>
 *
 * <p>Every scan in these tests is also checked for the rules that hold for every result: it is not
 * null, it names the scanner, the scanner did not close the caller's stream, and a clean verdict
 * comes only after every byte and then the end of the stream were read.
 *
 * <p>Groups whose optional hook the plugin's test class does not override
 * ({@link #newUnavailableScanner()}, {@link #tooLargeSize()}, {@link #newStalledScanner()}) are skipped
 * as a whole, with one reason each. Hooks are called during each test, so they may use the plugin
 * test's per-test state. Scanners created by the hooks are closed by the contract.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class ContentScannerContract {
  private static final String STREAM_SECRET = "stream-secret-/evidence/J-Bloggs-front-door.mp4";

  private final List<ContentScanner> opened = new ArrayList<>();
  private @Nullable ContentScanner scanner;

  /** A scanner connected to a working backend. Called before each test. */
  protected abstract ContentScanner newScanner() throws Exception;

  /** Content the scanner detects (a test signature the plugin's test installs, or EICAR). At least one byte. */
  protected abstract byte[] detectedSample();

  /** Content the scanner finds clean. At least one byte. */
  protected abstract byte[] cleanSample();

  /** Part of the signature name the detected sample must be reported under; empty checks only that there is one. */
  protected Optional<String> detectedSignature() {
    return Optional.empty();
  }

  /**
   * A scanner whose backend is down (not running, nothing listening). Optional: a test class that does
   * not override it skips the group "when its backend is down".
   */
  protected ContentScanner newUnavailableScanner() throws Exception {
    throw new UnsupportedOperationException("not supplied");
  }

  /**
   * A size the scanner from {@link #newScanner()} refuses as too large, e.g. its backend's limit plus
   * one; generated clean content of this size is streamed to it. Optional: a test class that does not
   * override it skips the group "when the content is too large".
   */
  protected long tooLargeSize() {
    throw new UnsupportedOperationException("not supplied");
  }

  /**
   * A scanner whose backend accepts the connection but never answers; configure short timeouts, the
   * test waits for them. Optional: a test class that does not override it skips the group "when its
   * backend stalls".
   */
  protected ContentScanner newStalledScanner() throws Exception {
    throw new UnsupportedOperationException("not supplied");
  }

  /** The scanner under test in the current test. */
  protected final ContentScanner scanner() {
    if (scanner == null) {
      throw new IllegalStateException("the scanner is created before each test");
    }
    return scanner;
  }

  @BeforeEach
  final void openScanner() throws Exception {
    scanner = track(newScanner());
  }

  @AfterEach
  final void closeScanners() {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    opened.clear();
  }

  /** Registers a scanner for closing after the test. */
  protected final ContentScanner track(ContentScanner s) {
    opened.add(s);
    return s;
  }

  /** Scans {@code in}, declared as {@code size} bytes, and checks the rules every result keeps. */
  protected final ScanResult scan(ContentScanner s, TrackedStream in, long size) {
    ScanResult result = s.scan(in, size);
    assertThat(result).as("scan result").isNotNull();
    assertThat(result.scanner().name()).as("scanner name in the result").isEqualTo(s.name());
    assertThat(in.closed()).as("the caller's stream was closed by the scanner").isFalse();
    if (result instanceof ScanResult.Clean) {
      assertThat(in.fullyRead())
          .as("CLEAN after reading %d of %d bytes (end of stream seen: %s)", in.bytesRead(), size, in.reachedEnd())
          .isTrue();
      assertThat(size).as("CLEAN for a stream whose length differs from the size").isEqualTo(in.length());
    }
    if (result instanceof ScanResult.CouldNotScan failed) {
      assertThat(failed.detail()).as("detail").doesNotContain(STREAM_SECRET);
    }
    return result;
  }

  protected final ScanResult scan(TrackedStream in) {
    return scan(scanner(), in, in.length());
  }

  private byte[] clean() {
    byte[] clean = cleanSample();
    assertThat(clean).as("clean sample").isNotEmpty();
    return clean;
  }

  private byte[] detected() {
    byte[] detected = detectedSample();
    assertThat(detected).as("detected sample").isNotEmpty();
    return detected;
  }

  @SuppressWarnings("nullness") // deliberately breaks the contract, to see the scanner refuse it
  private static InputStream nullStream() {
    return null;
  }

  private static void assertFailure(ScanResult result, ScanFailure reason) {
    assertThat(result).isInstanceOfSatisfying(ScanResult.CouldNotScan.class,
        failed -> assertThat(failed.reason()).as("reason (detail: %s)", failed.detail()).isEqualTo(reason));
  }

  private void assertInfected(ScanResult result) {
    assertThat(result).isInstanceOfSatisfying(ScanResult.Infected.class, infected -> {
      assertThat(infected.signatures()).isNotEmpty();
      detectedSignature().ifPresent(name -> assertThat(infected.signatures()).anyMatch(s -> s.contains(name)));
      assertThat(infected.scanner().known()).isTrue();
    });
  }

  @Nested
  @DisplayName("verdicts")
  class Verdicts {

    @Test
    @DisplayName("the detected sample is INFECTED and names its signature")
    void detectedSampleIsInfected() {
      assertInfected(scan(TrackedStream.of(detected())));
    }

    @Test
    @DisplayName("the clean sample is CLEAN, after every byte and the end of the stream were read")
    void cleanSampleIsClean() {
      TrackedStream in = TrackedStream.of(clean());

      ScanResult result = scan(in);

      assertThat(result).isInstanceOf(ScanResult.Clean.class);
      assertThat(in.fullyRead()).isTrue();
    }

    @Test
    @DisplayName("an empty item is scanned like any other: CLEAN")
    void emptyItemIsClean() {
      assertThat(scan(TrackedStream.of(new byte[0]))).isInstanceOf(ScanResult.Clean.class);
    }

    @Test
    @DisplayName("content given one byte per read gets the same verdicts")
    void trickledContent() {
      assertInfected(scan(TrackedStream.of(detected()).trickling()));
      assertThat(scan(TrackedStream.of(clean()).trickling())).isInstanceOf(ScanResult.Clean.class);
    }

    @Test
    @DisplayName("a verdict carries a known version, the same one version() reports")
    void verdictCarriesVersion() {
      ScanResult clean = scan(TrackedStream.of(clean()));
      ScanResult infected = scan(TrackedStream.of(detected()));
      ScannerVersion now = scanner().version();

      assertThat(now.name()).isEqualTo(scanner().name());
      assertThat(now.known()).as("version() of a working scanner is known").isTrue();
      assertThat(clean.scanner()).isEqualTo(now);
      assertThat(infected.scanner()).isEqualTo(now);
    }
  }

  @Nested
  @DisplayName("the caller's stream")
  class Streams {

    @Test
    @DisplayName("the scanner never closes the caller's stream, whatever the result")
    void streamNotClosed() {
      List<TrackedStream> streams = List.of(TrackedStream.of(clean()), TrackedStream.of(detected()),
          TrackedStream.of(clean()).failingAfter(1, "broken"));
      for (TrackedStream in : streams) {
        scanner().scan(in, in.length());
        assertThat(in.closed()).isFalse();
      }
    }

    @Test
    @DisplayName("a stream that ends before its declared size is STREAM_FAILED, not CLEAN")
    void streamShorterThanSize() {
      byte[] clean = clean();

      assertFailure(scan(scanner(), TrackedStream.of(clean), clean.length + 10L), ScanFailure.STREAM_FAILED);
    }

    @Test
    @DisplayName("a stream that goes on past its declared size is STREAM_FAILED, not CLEAN")
    void streamLongerThanSize() {
      byte[] clean = clean();

      assertFailure(scan(scanner(), TrackedStream.of(clean), clean.length - 1L), ScanFailure.STREAM_FAILED);
    }

    @Test
    @DisplayName("a stream that fails part-way is STREAM_FAILED, returned not thrown, and its error message is not repeated")
    void failingStream() {
      byte[] clean = clean();
      TrackedStream in = TrackedStream.of(clean).failingAfter(clean.length / 2, STREAM_SECRET);

      ScanResult result = scan(scanner(), in, clean.length);

      assertFailure(result, ScanFailure.STREAM_FAILED);
      assertThat(result.toString()).doesNotContain(STREAM_SECRET);
    }

    @Test
    @DisplayName("a negative size is the caller's bug: INVALID_INPUT; a null stream: NullPointerException")
    void callerBugs() {
      assertThatThrownBy(() -> scanner().scan(TrackedStream.of(clean()), -1))
          .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
      assertThatThrownBy(() -> scanner().scan(nullStream(), 1)).isInstanceOf(NullPointerException.class);
    }
  }

  @Nested
  @DisplayName("concurrency")
  class Concurrency {

    @Test
    @DisplayName("scans from 8 threads at once each get their own right verdict")
    void concurrentScans() throws Exception {
      int threads = 8;
      int scansEach = 4;
      byte[] clean = clean();
      byte[] detected = detected();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<ScanResult>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int first = t;
          futures.add(pool.submit(() -> {
            start.await();
            List<ScanResult> results = new ArrayList<>();
            for (int i = 0; i < scansEach; i++) {
              results.add(scan(scanner(), TrackedStream.of((first + i) % 2 == 0 ? detected : clean),
                  (first + i) % 2 == 0 ? detected.length : clean.length));
            }
            return results;
          }));
        }
        start.countDown();
        for (int t = 0; t < threads; t++) {
          List<ScanResult> results = futures.get(t).get(100, TimeUnit.SECONDS);
          for (int i = 0; i < scansEach; i++) {
            if ((t + i) % 2 == 0) {
              assertInfected(results.get(i));
            } else {
              assertThat(results.get(i)).as("thread %d scan %d", t, i).isInstanceOf(ScanResult.Clean.class);
            }
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Nested
  @DisplayName("closing")
  class Closing {

    @Test
    @DisplayName("close is idempotent; a scan after it is SCANNER_UNAVAILABLE and reads nothing")
    void scanAfterClose() {
      scanner().close();
      scanner().close();
      TrackedStream in = TrackedStream.of(clean());

      assertFailure(scan(scanner(), in, in.length()), ScanFailure.SCANNER_UNAVAILABLE);
      assertThat(in.bytesRead()).isZero();
    }

    @Test
    @DisplayName("version() after close answers, naming the scanner, and does not throw")
    void versionAfterClose() {
      scanner().close();

      assertThat(scanner().version().name()).isEqualTo(scanner().name());
    }
  }

  @Nested
  @OptionalHook("newUnavailableScanner")
  @DisplayName("when its backend is down")
  class Unavailable {
    private @Nullable ContentScanner down;

    @BeforeEach
    void open() throws Exception {
      down = track(newUnavailableScanner());
    }

    private ContentScanner down() {
      if (down == null) {
        throw new IllegalStateException("opened before each test");
      }
      return down;
    }

    @Test
    @DisplayName("a scan is SCANNER_UNAVAILABLE, returned not thrown, and never CLEAN")
    void scanUnavailable() {
      assertFailure(scan(down(), TrackedStream.of(clean()), clean().length), ScanFailure.SCANNER_UNAVAILABLE);
      assertFailure(scan(down(), TrackedStream.of(detected()), detected().length), ScanFailure.SCANNER_UNAVAILABLE);
    }

    @Test
    @DisplayName("version() answers an unknown version instead of throwing")
    void versionUnknown() {
      ScannerVersion version = down().version();

      assertThat(version.name()).isEqualTo(down().name());
      assertThat(version.known()).isFalse();
    }
  }

  @Nested
  @OptionalHook("tooLargeSize")
  @DisplayName("when the content is too large")
  class TooLarge {

    @Test
    @DisplayName("content over the scanner's limit is TOO_LARGE, never CLEAN")
    void tooLarge() {
      long size = tooLargeSize();

      assertFailure(scan(scanner(), TrackedStream.generated(size, 42), size), ScanFailure.TOO_LARGE);
    }

    @Test
    @DisplayName("over a declared maxSize, TOO_LARGE comes without a byte being read")
    void declaredLimit() {
      OptionalLong max = scanner().maxSize();
      assumeTrue(max.isPresent(), "the scanner declares no maxSize");
      TrackedStream in = TrackedStream.generated(max.getAsLong() + 1, 43);

      assertFailure(scan(scanner(), in, in.length()), ScanFailure.TOO_LARGE);
      assertThat(in.bytesRead()).isZero();
    }
  }

  @Nested
  @OptionalHook("newStalledScanner")
  @DisplayName("when its backend stalls")
  class Stalled {
    private @Nullable ContentScanner stalled;

    @BeforeEach
    void open() throws Exception {
      stalled = track(newStalledScanner());
    }

    private ContentScanner stalled() {
      if (stalled == null) {
        throw new IllegalStateException("opened before each test");
      }
      return stalled;
    }

    @Test
    @DisplayName("a scan ends with TIMEOUT within the scanner's timeouts, returned not thrown")
    void timesOut() {
      assertFailure(scan(stalled(), TrackedStream.of(clean()), clean().length), ScanFailure.TIMEOUT);
    }

    @Test
    @DisplayName("closing the scanner during a stalled scan ends it without a verdict")
    void closeDuringScan() throws Exception {
      ExecutorService thread = Executors.newSingleThreadExecutor();
      try {
        TrackedStream in = TrackedStream.of(clean());
        Future<ScanResult> result = thread.submit(() -> scan(stalled(), in, in.length()));
        assertThat(in.awaitFirstRead(60, TimeUnit.SECONDS)).as("the scan started reading").isTrue();

        stalled().close();

        assertThat(result.get(100, TimeUnit.SECONDS)).isInstanceOf(ScanResult.CouldNotScan.class);
      } finally {
        thread.shutdownNow();
      }
    }
  }
}
