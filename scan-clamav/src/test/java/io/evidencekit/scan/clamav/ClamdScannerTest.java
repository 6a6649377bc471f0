package io.evidencekit.scan.clamav;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.spi.ScanFailure;
import io.evidencekit.spi.ScanResult;
import io.evidencekit.spi.ScannerVersion;
import io.evidencekit.tck.blob.SyntheticContent;
import io.evidencekit.tck.scan.TrackedStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The scanner against a scripted fake clamd: the protocol, and what a real clamd will not do on demand. */
@DisplayName("ClamdScanner against a scripted clamd")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClamdScannerTest {
  /** More than any socket buffer on loopback, so a clamd that stops reading blocks the writer. */
  private static final long BIGGER_THAN_BUFFERS = 64L << 20;
  private static final Duration SHORT = Duration.ofMillis(300);

  @TempDir Path dir;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void closeAll() throws Exception {
    threads.shutdownNow();
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private <T extends AutoCloseable> T track(T resource) {
    resources.add(resource);
    return resource;
  }

  private ClamdScanner scanner(ClamdSettings.Builder settings) {
    return track(new ClamdScanner(settings.connectTimeout(SHORT).ioTimeout(SHORT).replyTimeout(SHORT).build()));
  }

  private static ScanResult scan(ClamdScanner scanner, byte[] bytes) {
    return scanner.scan(TrackedStream.of(bytes), bytes.length);
  }

  private static void assertFailure(ScanResult result, ScanFailure reason) {
    assertThat(result).isInstanceOfSatisfying(ScanResult.CouldNotScan.class,
        r -> assertThat(r.reason()).as("reason (detail: %s)", r.detail()).isEqualTo(reason));
  }

  // ---- the protocol

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, ClamdScanner.CHUNK - 1, ClamdScanner.CHUNK, ClamdScanner.CHUNK + 1, 300_000})
  @DisplayName("the item arrives whole, in length-prefixed chunks ended by an empty one, and OK is CLEAN")
  void framing(int size) throws IOException {
    ScriptedClamd clamd = track(ScriptedClamd.unix(dir.resolve("c.sock"), session -> {
      session.readStream();
      session.answer("stream: OK");
    }));
    byte[] item = new SyntheticContent(size).bytes(0, size);

    ScanResult result = scan(scanner(clamd.settings()), item);

    assertThat(result).isEqualTo(ScanResult.clean(ScannerVersion.of("ClamAV", "1.4.6", "27500")));
    assertThat(clamd.streams()).singleElement().isEqualTo(item);
  }

  @Test
  @DisplayName("the version clamd reports with VERSION is the one recorded with the verdict")
  void versionRecorded() throws IOException {
    ScriptedClamd clamd = track(ScriptedClamd.tcp("ClamAV 1.4.7/27501/Tue Dec  2 09:28:00 2026", session -> {
      session.readStream();
      session.answer("stream: Win.Test.EICAR_HDB-1 FOUND");
    }));
    ClamdScanner scanner = scanner(clamd.settings());

    ScanResult result = scan(scanner, new byte[] {1, 2, 3});

    assertThat(result).isEqualTo(ScanResult.infected(ScannerVersion.of("ClamAV", "1.4.7", "27501"), List.of("Win.Test.EICAR_HDB-1")));
    assertThat(scanner.version()).hasToString("ClamAV 1.4.7/27501");
  }

  @Test
  @DisplayName("an answer to VERSION that is not ClamAV's is an ERROR and nothing is scanned")
  void foreignVersion() throws IOException {
    ScriptedClamd clamd = track(ScriptedClamd.tcp("SomethingElse 2.0", session -> session.answer("stream: OK")));
    ClamdScanner scanner = scanner(clamd.settings());

    assertFailure(scan(scanner, new byte[] {1}), ScanFailure.ERROR);
    assertThat(scanner.version().known()).isFalse();
  }

  // ---- answers that must never be clean

  @Test
  @DisplayName("a clamd that refuses the stream part-way and closes (size limit) gives TOO_LARGE, though the write failed")
  void refusedPartWay() throws IOException {
    ScriptedClamd clamd = track(ScriptedClamd.unix(dir.resolve("c.sock"), session -> {
      session.readSome(256 << 10);
      session.answer("INSTREAM size limit exceeded. ERROR");
    }));
    TrackedStream item = TrackedStream.generated(BIGGER_THAN_BUFFERS, 1);

    ScanResult result = scanner(clamd.settings()).scan(item, item.length());

    assertFailure(result, ScanFailure.TOO_LARGE);
    assertThat(item.fullyRead()).isFalse();
  }

  @Test
  @DisplayName("OK from a clamd that stopped reading part-way is an ERROR, not CLEAN")
  void okPartWay() throws IOException {
    ScriptedClamd clamd = track(ScriptedClamd.tcp(session -> {
      session.readSome(256 << 10);
      session.answer("stream: OK");
    }));
    TrackedStream item = TrackedStream.generated(BIGGER_THAN_BUFFERS, 2);

    assertFailure(scanner(clamd.settings()).scan(item, item.length()), ScanFailure.ERROR);
  }

  @Test
  @DisplayName("a connection closed with no answer is SCANNER_UNAVAILABLE")
  void closedWithoutAnswer() throws IOException {
    ScriptedClamd clamd = track(ScriptedClamd.unix(dir.resolve("c.sock"), session -> session.readStream()));

    assertFailure(scan(scanner(clamd.settings()), new byte[100]), ScanFailure.SCANNER_UNAVAILABLE);
  }

  @Test
  @DisplayName("a caller's stream that fails is STREAM_FAILED and clamd never gets the end of the stream")
  void failingStreamNeverEnds() throws Exception {
    ScriptedClamd clamd = track(ScriptedClamd.unix(dir.resolve("c.sock"), session -> {
      session.readStream();
      session.answer("stream: OK");
    }));
    TrackedStream item = TrackedStream.generated(200_000, 3).failingAfter(100_000, "disk error");

    assertFailure(scanner(clamd.settings()).scan(item, item.length()), ScanFailure.STREAM_FAILED);
    assertThat(clamd.streams()).isEmpty();
  }

  // ---- a slow clamd

  @Test
  @DisplayName("a clamd that never answers VERSION gives TIMEOUT")
  void silentVersion() throws IOException {
    try (ServerSocketChannel silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      // Bound and listening: the kernel accepts connections, nobody ever reads or answers.
      silent.bind(UnixDomainSocketAddress.of(dir.resolve("silent.sock")));
      ClamdScanner scanner = scanner(ClamdSettings.unixSocket(dir.resolve("silent.sock")));

      assertFailure(scan(scanner, new byte[10]), ScanFailure.TIMEOUT);
      assertThat(scanner.version().known()).isFalse();
    }
  }

  @Test
  @DisplayName("a clamd that stops taking the stream gives TIMEOUT while sending")
  void stallWhileSending() throws IOException {
    ScriptedClamd clamd = track(ScriptedClamd.tcp(ScriptedClamd.Session::hang));
    TrackedStream item = TrackedStream.generated(BIGGER_THAN_BUFFERS, 4);

    ScanResult result = scanner(clamd.settings()).scan(item, item.length());

    assertFailure(result, ScanFailure.TIMEOUT);
    assertThat(((ScanResult.CouldNotScan) result).detail()).contains("sending");
  }

  @Test
  @DisplayName("a clamd that takes the stream and never gives a verdict gives TIMEOUT")
  void stallBeforeVerdict() throws IOException {
    ScriptedClamd clamd = track(ScriptedClamd.unix(dir.resolve("c.sock"), session -> {
      session.readStream();
      session.hang();
    }));

    ScanResult result = scan(scanner(clamd.settings()), new byte[1000]);

    assertFailure(result, ScanFailure.TIMEOUT);
    assertThat(((ScanResult.CouldNotScan) result).detail()).contains("verdict");
  }

  @Test
  @DisplayName("when every connection is busy, a further scan waits the connect timeout and gives TIMEOUT")
  void connectionsBounded() throws Exception {
    ScriptedClamd clamd = track(ScriptedClamd.unix(dir.resolve("c.sock"), session -> {
      session.readStream();
      session.hang();
    }));
    ClamdScanner scanner = track(new ClamdScanner(clamd.settings().maxConnections(1).connectTimeout(SHORT)
        .replyTimeout(Duration.ofSeconds(50)).build()));
    Future<ScanResult> first = threads.submit(() -> scan(scanner, new byte[10]));
    assertThat(clamd.awaitInstream(30)).isTrue();

    ScanResult second = scan(scanner, new byte[10]);

    assertFailure(second, ScanFailure.TIMEOUT);
    assertThat(((ScanResult.CouldNotScan) second).detail()).contains("busy");
    scanner.close();
    assertFailure(first.get(30, TimeUnit.SECONDS), ScanFailure.SCANNER_UNAVAILABLE);
  }

  @Test
  @DisplayName("closing the scanner breaks off a stalled scan with SCANNER_UNAVAILABLE")
  void closeBreaksOff() throws Exception {
    ScriptedClamd clamd = track(ScriptedClamd.tcp(ScriptedClamd.Session::hang));
    ClamdScanner scanner = track(new ClamdScanner(clamd.settings().ioTimeout(Duration.ofSeconds(50)).build()));
    TrackedStream item = TrackedStream.generated(BIGGER_THAN_BUFFERS, 5);
    Future<ScanResult> result = threads.submit(() -> scanner.scan(item, item.length()));
    assertThat(item.awaitFirstRead(30, TimeUnit.SECONDS)).isTrue();

    scanner.close();

    assertFailure(result.get(30, TimeUnit.SECONDS), ScanFailure.SCANNER_UNAVAILABLE);
  }

  @Test
  @DisplayName("an interrupted scan ends with ERROR and keeps the thread's interrupt")
  void interrupted() throws Exception {
    ScriptedClamd clamd = track(ScriptedClamd.tcp(ScriptedClamd.Session::hang));
    ClamdScanner scanner = track(new ClamdScanner(clamd.settings().ioTimeout(Duration.ofSeconds(50)).build()));
    TrackedStream item = TrackedStream.generated(BIGGER_THAN_BUFFERS, 6);
    AtomicReference<ScanResult> result = new AtomicReference<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    Thread scanning = new Thread(() -> {
      result.set(scanner.scan(item, item.length()));
      stillInterrupted.set(Thread.currentThread().isInterrupted());
    });
    scanning.start();
    assertThat(item.awaitFirstRead(30, TimeUnit.SECONDS)).isTrue();

    scanning.interrupt();
    scanning.join(TimeUnit.SECONDS.toMillis(30));

    assertThat(scanning.isAlive()).isFalse();
    assertFailure(result.get(), ScanFailure.ERROR);
    assertThat(stillInterrupted).isTrue();
  }

  // ---- nobody there

  @Test
  @DisplayName("no socket file, a stale socket file, a closed port or an unknown host: SCANNER_UNAVAILABLE and an unknown version")
  void notRunning() throws IOException {
    Path stale = dir.resolve("stale.sock");
    try (ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      gone.bind(UnixDomainSocketAddress.of(stale)); // the file stays after close, as after a crash
    }
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort();
    }
    assertThat(Files.exists(stale)).isTrue();

    for (ClamdSettings.Builder settings : List.of(ClamdSettings.unixSocket(dir.resolve("missing.sock")),
        ClamdSettings.unixSocket(stale), ClamdSettings.tcp("127.0.0.1", closedPort),
        ClamdSettings.tcp("clamd.invalid", 3310))) {
      ClamdScanner scanner = scanner(settings);
      TrackedStream item = TrackedStream.of(new byte[10]);
      ScanResult result = scanner.scan(item, item.length());
      assertFailure(result, ScanFailure.SCANNER_UNAVAILABLE);
      assertThat(((ScanResult.CouldNotScan) result).detail()).contains(scanner.toString().replaceAll(".*\\[|\\]", ""));
      assertThat(item.bytesRead()).isZero();
      assertThat(scanner.version()).isEqualTo(ScannerVersion.unknown("ClamAV"));
    }
  }
}
