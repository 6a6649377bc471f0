package io.evidencekit.scan.clamav;

import io.evidencekit.tck.tools.ExternalTool;
import io.evidencekit.tck.tools.RequiresTool;
import static io.evidencekit.scan.clamav.TestSignatures.BINARY_SIGNATURE;
import static io.evidencekit.scan.clamav.TestSignatures.CLEAN_BINARY;
import static io.evidencekit.scan.clamav.TestSignatures.CLEAN_TEXT;
import static io.evidencekit.scan.clamav.TestSignatures.DETECTED_BINARY;
import static io.evidencekit.scan.clamav.TestSignatures.DETECTED_TEXT;
import static io.evidencekit.scan.clamav.TestSignatures.TEXT_SIGNATURE;
import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.spi.ContentScanner;
import io.evidencekit.spi.ScanFailure;
import io.evidencekit.spi.ScanResult;
import io.evidencekit.tck.ContentScannerContract;
import io.evidencekit.tck.blob.SyntheticContent;
import io.evidencekit.tck.scan.TrackedStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every test that needs a real clamd, in one class so that a machine without clamd skips them as one
 * group with one message ({@code @RequiresTool(ExternalTool.CLAMD)}: skipped when clamd is absent, a failure when required). One clamd, started with the test's own config and
 * database, serves the class; the tests that stop clamd start their own.
 */
@DisplayName("ClamdScanner with a real clamd")
@RequiresTool(ExternalTool.CLAMD)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RealClamdTest {
  private static ClamdProcess clamd;

  private final List<ContentScanner> scanners = new ArrayList<>();

  @BeforeAll
  static void startClamd() throws Exception {
    clamd = ClamdProcess.start();
  }

  @AfterAll
  static void stopClamd() throws Exception {
    if (clamd != null) {
      clamd.close();
    }
  }

  @AfterEach
  void closeScanners() {
    scanners.forEach(ContentScanner::close);
  }

  private ClamdScanner scanner(ClamdSettings.Builder settings) {
    ClamdScanner scanner = new ClamdScanner(settings.build());
    scanners.add(scanner);
    return scanner;
  }

  private static ScanResult scan(ClamdScanner scanner, byte[] bytes) {
    TrackedStream in = TrackedStream.of(bytes);
    ScanResult result = scanner.scan(in, bytes.length);
    assertThat(in.closed()).isFalse();
    return result;
  }

  private static void assertInfected(ScanResult result, String signature) {
    assertThat(result).isInstanceOfSatisfying(ScanResult.Infected.class,
        r -> assertThat(r.signatures()).singleElement().asString().startsWith(signature));
  }

  private static void assertFailure(ScanResult result, ScanFailure reason) {
    assertThat(result).isInstanceOfSatisfying(ScanResult.CouldNotScan.class,
        r -> assertThat(r.reason()).as("reason (detail: %s)", r.detail()).isEqualTo(reason));
  }

  @Nested
  @DisplayName("detection")
  class Detection {

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"unix", "tcp"})
    @DisplayName("a binary matching a SHA-256 hash signature (.hsb) is INFECTED, with the signature's name")
    void hashSignature(String transport) {
      assertInfected(scan(scanner(settings(transport)), DETECTED_BINARY), BINARY_SIGNATURE);
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"unix", "tcp"})
    @DisplayName("a text carrying a body signature (.ndb) is INFECTED, with the signature's name")
    void bodySignature(String transport) {
      assertInfected(scan(scanner(settings(transport)), DETECTED_TEXT), TEXT_SIGNATURE);
    }

    @Test
    @DisplayName("a detected text inside a zip is found too: clamd looks into archives")
    void insideArchive() {
      assertInfected(scan(scanner(clamd.unixSettings()), TestSignatures.zip(DETECTED_TEXT, false)), TEXT_SIGNATURE);
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"unix", "tcp"})
    @DisplayName("clean binaries, texts and empty items are CLEAN, with the clamd version that scanned them")
    void clean(String transport) {
      ClamdScanner scanner = scanner(settings(transport));
      for (byte[] item : List.of(CLEAN_BINARY, CLEAN_TEXT, new byte[0])) {
        ScanResult result = scan(scanner, item);
        assertThat(result).isInstanceOf(ScanResult.Clean.class);
        assertThat(result.scanner().name()).isEqualTo("ClamAV");
        assertThat(result.scanner().engine()).hasValueSatisfying(v -> assertThat(v).matches("\\d+\\.\\d+.*"));
        // Only local signatures, no official daily database: clamd reports no signature version.
        assertThat(result.scanner().signatures()).isEmpty();
      }
    }

    @Test
    @DisplayName("a hash-signature binary with one byte changed is CLEAN: the hash signature is exact")
    void changedByteIsClean() {
      byte[] changed = DETECTED_BINARY.clone();
      changed[changed.length / 2] ^= 1;

      assertThat(scan(scanner(clamd.unixSettings()), changed)).isInstanceOf(ScanResult.Clean.class);
    }
  }

  @Nested
  @DisplayName("limits")
  class Limits {

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"unix", "tcp"})
    @DisplayName("an item over clamd's StreamMaxLength is TOO_LARGE (clamd's refusal, read after it closed the connection)")
    void overStreamMaxLength(String transport) {
      TrackedStream item = TrackedStream.generated(8 * ClamdProcess.STREAM_MAX_LENGTH, 11);

      ScanResult result = scanner(settings(transport)).scan(item, item.length());

      assertFailure(result, ScanFailure.TOO_LARGE);
      assertThat(((ScanResult.CouldNotScan) result).detail()).contains("size limit exceeded");
      assertThat(item.fullyRead()).isFalse();
    }

    @Test
    @DisplayName("one byte over StreamMaxLength is already TOO_LARGE")
    void oneByteOver() {
      TrackedStream item = TrackedStream.generated(ClamdProcess.STREAM_MAX_LENGTH + 1, 12);

      assertFailure(scanner(clamd.unixSettings()).scan(item, item.length()), ScanFailure.TOO_LARGE);
    }

    @Test
    @DisplayName("with StreamMaxLength stated in the settings, a larger item is TOO_LARGE without a byte sent")
    void statedLimit() {
      TrackedStream item = TrackedStream.generated(ClamdProcess.STREAM_MAX_LENGTH + 1, 13);

      ScanResult result = scanner(clamd.unixSettings().streamMaxLength(ClamdProcess.STREAM_MAX_LENGTH))
          .scan(item, item.length());

      assertFailure(result, ScanFailure.TOO_LARGE);
      assertThat(item.bytesRead()).isZero();
    }

    @Test
    @DisplayName("an item clamd takes but scans only partly (over MaxFileSize, AlertExceedsMax) is TOO_LARGE, not CLEAN")
    void overMaxFileSize() {
      byte[] item = new SyntheticContent(14).bytes(0, (int) ClamdProcess.MAX_FILE_SIZE + 100_000);

      ScanResult result = scan(scanner(clamd.unixSettings()), item);

      assertFailure(result, ScanFailure.TOO_LARGE);
      assertThat(((ScanResult.CouldNotScan) result).detail()).contains("Heuristics.Limits.Exceeded");
    }

    @Test
    @DisplayName("an encrypted zip (AlertEncrypted) is ENCRYPTED, not CLEAN")
    void encryptedArchive() {
      ScanResult result = scan(scanner(clamd.unixSettings()), TestSignatures.zip(CLEAN_TEXT, true));

      assertFailure(result, ScanFailure.ENCRYPTED);
    }
  }

  @Nested
  @DisplayName("clamd going away")
  class GoingAway {
    @TempDir Path dir;

    @ParameterizedTest(name = "crash: {0}")
    @ValueSource(booleans = {true, false})
    @DisplayName("clamd stopped mid-scan gives SCANNER_UNAVAILABLE; afterwards scans and version() say it is not running")
    void stoppedMidScan(boolean crash) throws Exception {
      ClamdProcess own = ClamdProcess.start();
      try {
        ClamdScanner scanner = scanner(own.unixSettings());
        long size = ClamdProcess.STREAM_MAX_LENGTH - 1000;
        // The item stops clamd itself once a quarter of it is sent, then goes on giving bytes.
        InputStream item = new StoppingStream(TrackedStream.generated(size, 21), size / 4, own, crash);

        ScanResult during = scanner.scan(item, size);

        assertFailure(during, ScanFailure.SCANNER_UNAVAILABLE);
        assertFailure(scan(scanner, CLEAN_TEXT), ScanFailure.SCANNER_UNAVAILABLE);
        assertFailure(scan(scanner(own.tcpSettings()), CLEAN_TEXT), ScanFailure.SCANNER_UNAVAILABLE);
        assertThat(scanner.version().known()).isFalse();
      } finally {
        own.close();
      }
    }
  }

  /** Passes bytes through, and stops clamd once {@code stopAt} bytes have been given. */
  private static final class StoppingStream extends InputStream {
    private final TrackedStream in;
    private final long stopAt;
    private final ClamdProcess clamd;
    private final boolean crash;
    private boolean stopped;

    StoppingStream(TrackedStream in, long stopAt, ClamdProcess clamd, boolean crash) {
      this.in = in;
      this.stopAt = stopAt;
      this.clamd = clamd;
      this.crash = crash;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (!stopped && in.bytesRead() >= stopAt) {
        stopped = true;
        clamd.stop(crash);
      }
      return in.read(b, off, len);
    }
  }

  private static ClamdSettings.Builder settings(String transport) {
    return transport.equals("unix") ? clamd.unixSettings() : clamd.tcpSettings();
  }

  /** The contract, against the real clamd over its Unix socket; clamd's own limit decides what is too large. */
  @Nested
  @DisplayName("contract over a Unix socket")
  class UnixContract extends ContentScannerContract {
    @TempDir Path scratch;
    private final List<ScriptedClamd> fakes = new ArrayList<>();

    @AfterEach
    void closeFakes() throws IOException {
      for (ScriptedClamd fake : fakes) {
        fake.close();
      }
    }

    @Override
    protected ContentScanner newScanner() {
      return new ClamdScanner(clamd.unixSettings().build());
    }

    @Override
    protected byte[] detectedSample() {
      return DETECTED_BINARY;
    }

    @Override
    protected byte[] cleanSample() {
      return CLEAN_TEXT;
    }

    @Override
    protected Optional<String> detectedSignature() {
      return Optional.of(BINARY_SIGNATURE);
    }

    @Override
    protected ContentScanner newUnavailableScanner() {
      return new ClamdScanner(ClamdSettings.unixSocket(scratch.resolve("no-clamd-here.sock")).build());
    }

    @Override
    protected long tooLargeSize() {
      return ClamdProcess.STREAM_MAX_LENGTH + 1;
    }

    @Override
    protected ContentScanner newStalledScanner() throws IOException {
      ScriptedClamd fake = ScriptedClamd.unix(scratch.resolve("stalled-" + fakes.size() + ".sock"), session -> {
        session.readStream();
        session.hang();
      });
      fakes.add(fake);
      return new ClamdScanner(fake.settings().replyTimeout(Duration.ofMillis(500)).build());
    }
  }

  /** The contract again over TCP, with clamd's limit stated in the settings. */
  @Nested
  @DisplayName("contract over TCP, StreamMaxLength stated")
  class TcpContract extends ContentScannerContract {

    @Override
    protected ContentScanner newScanner() {
      return new ClamdScanner(clamd.tcpSettings().streamMaxLength(ClamdProcess.STREAM_MAX_LENGTH).build());
    }

    @Override
    protected byte[] detectedSample() {
      return DETECTED_TEXT;
    }

    @Override
    protected byte[] cleanSample() {
      return CLEAN_BINARY;
    }

    @Override
    protected Optional<String> detectedSignature() {
      return Optional.of(TEXT_SIGNATURE);
    }

    @Override
    protected long tooLargeSize() {
      return ClamdProcess.STREAM_MAX_LENGTH + 1;
    }
  }

  @Nested
  @DisplayName("LocalClamd, the private daemon for demos and tests")
  class Local {
    @TempDir Path home;

    @Test
    @DisplayName("starts a daemon of its own that detects the caller's marker and passes other files; close is idempotent")
    void detectsTheMarker() throws Exception {
      String marker = "LOCAL-CLAMD-TEST-MARKER-7a1";
      LocalClamd local = LocalClamd.start(home, "EvidenceKit.Local.Test", marker).orElseThrow();
      try {
        ClamdScanner scanner = scanner(ClamdSettings.unixSocket(local.socket()));
        assertInfected(scan(scanner, ("player " + marker + " end").getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
            "EvidenceKit.Local.Test");
        assertThat(scan(scanner, CLEAN_TEXT)).isInstanceOf(ScanResult.Clean.class);
      } finally {
        local.close();
      }
      local.close();
      assertThat(java.nio.file.Files.readString(home.resolve("db/local.ndb"))).startsWith("EvidenceKit.Local.Test:0:*:");
    }
  }
}
