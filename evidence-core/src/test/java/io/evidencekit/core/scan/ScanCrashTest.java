package io.evidencekit.core.scan;

import static io.evidencekit.core.testing.TestData.WRIGHT;
import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.Declaration;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.ScanState;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.core.EngineBuilder;
import io.evidencekit.core.EvidenceEngine;
import io.evidencekit.core.testing.MarkerScanner;
import io.evidencekit.core.testing.PostgresExtension;
import io.evidencekit.core.testing.UrlDataSource;
import org.junit.jupiter.api.extension.ExtendWith;
import io.evidencekit.core.testing.TestData;
import io.evidencekit.storage.fs.FilesystemBlobStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a scanning engine's process with SIGKILL in the middle of a scan and starts again: the queue is in
 * the database, so nothing is left unscanned, and nothing recorded before the kill is scanned twice. On
 * PostgreSQL, whose commits are durable (H2's file mode writes its last commits to disk lazily, so a killed
 * process can lose them; see the README).
 */
@DisplayName("Scanning after the scanning process is killed with SIGKILL")
@ExtendWith(PostgresExtension.class)
class ScanCrashTest {
  private static final int FILES = 6;
  private static final int BLOCK_AT = 4;

  @TempDir Path data;
  private String jdbcUrl;

  @Test
  @DisplayName("every item is scanned after a restart, the one being scanned is taken again once its claim expires, and none is scanned twice")
  void killedMidScan(PostgresExtension.Lazy postgres) throws Exception {
    jdbcUrl = postgres.get().freshDatabaseUrl();
    IssuedInvitation link;
    try (EvidenceEngine engine = builder(Clock.systemUTC()).build()) {
      var request = engine.officers().createRequest(WRIGHT, TestData.burglaryRequest());
      link = engine.officers().issueInvitation(WRIGHT, request.id(), "initial request");
      SubmissionId s = engine.publicSide().startSubmission(link.token());
      for (int i = 0; i < FILES; i++) {
        engine.publicSide().addFile(link.token(), s, "f" + i + ".txt", "text/plain",
            TestData.utf8(i == 1 ? "MALWARE " + i : "footage " + i));
      }
      engine.publicSide().submit(link.token(), s, Optional.empty(), Declaration.of(FILES));
    }

    Process child = new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"), "-Xmx128m",
        ScanningChild.class.getName(), data.resolve("blobs").toString(), jdbcUrl, Integer.toString(BLOCK_AT))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals("BLOCKED")) {
        lines.add(line);
      }
      assertThat(line).as("the child reached the scan it never finishes").isEqualTo("BLOCKED");
      child.destroyForcibly(); // SIGKILL: no shutdown hooks, the claim stays in the database
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(lines).containsOnly("SCANNED").hasSize(BLOCK_AT - 1);

    MarkerScanner scanner = MarkerScanner.standard();
    // Started right away the killed claim still holds: nothing of it is scanned before its lease runs out.
    try (EvidenceEngine engine = builder(Clock.systemUTC()).scanner(scanner).manualScanning().build()) {
      while (engine.scanning().runDueScans(1) > 0) {
        // drain what is due
      }
      assertThat(scanner.scans()).isEqualTo(FILES - BLOCK_AT);
      assertThat(engine.scanning().pendingScans()).isEqualTo(1);
    }
    // Later (a clock past the lease), the item whose scan was killed is taken again.
    try (EvidenceEngine engine = builder(Clock.offset(Clock.systemUTC(), Duration.ofHours(1))).scanner(scanner)
        .manualScanning().build()) {
      while (engine.scanning().runDueScans(1) > 0) {
        // drain
      }
      assertThat(engine.scanning().pendingScans()).isZero();
      List<EvidenceItem> items = engine.officers().submissions(WRIGHT, link.invitation().requestId(), "check").stream()
          .flatMap(s -> s.items().stream()).toList();
      assertThat(items).hasSize(FILES).allSatisfy(i -> assertThat(i.scanState()).isIn(ScanState.CLEAN, ScanState.INFECTED));
      assertThat(items.stream().filter(i -> i.scanState() == ScanState.INFECTED)).singleElement()
          .satisfies(i -> assertThat(i.submittedName()).isEqualTo("f1.txt"));
      Map<ItemId, Long> scansPerItem = engine.officers()
          .custodyEvents(WRIGHT, link.invitation().requestId(), "check").stream()
          .filter(e -> e.action() == CustodyAction.ITEM_SCANNED)
          .collect(Collectors.groupingBy(e -> e.itemId().orElseThrow(), Collectors.counting()));
      assertThat(scansPerItem).hasSize(FILES).allSatisfy((item, count) -> assertThat(count).isEqualTo(1L));
    }
  }

  private EngineBuilder builder(Clock clock) {
    return EvidenceEngine.builder()
        .dataSource(new UrlDataSource(jdbcUrl))
        .blobStore(new FilesystemBlobStore(data.resolve("blobs")))
        .forceCode("46")
        .portalLinkBase(URI.create("https://evidence.kent.police.example/r/"))
        .clock(clock)
        .manualDelivery();
  }

  private static String javaExecutable() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
