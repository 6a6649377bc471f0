package io.evidencekit.core;

import static io.evidencekit.core.testing.TestData.OTHER_OFFICER;
import static io.evidencekit.core.testing.TestData.SUPERVISOR;
import static io.evidencekit.core.testing.TestData.WRIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.ByteRange;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.Declaration;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.api.ItemScan;
import io.evidencekit.api.ItemUse;
import io.evidencekit.api.QuarantinedContent;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.ScanState;
import io.evidencekit.api.Submission;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.core.scan.ScanPolicy;
import io.evidencekit.core.testing.DatabaseKind;
import io.evidencekit.core.testing.MarkerScanner;
import io.evidencekit.core.testing.TestData;
import io.evidencekit.spi.DetectionNotice;
import io.evidencekit.spi.Notification;
import io.evidencekit.spi.SubmissionNotice;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("Malware scanning and quarantine")
class ScanningTest extends EngineTestBase {
  private static final ScanPolicy POLICY = new ScanPolicy(Duration.ofSeconds(1), 16, Duration.ofSeconds(30),
      Duration.ofMinutes(10), 3, Duration.ofMinutes(5), Duration.ofMinutes(10));

  private final MarkerScanner scanner = MarkerScanner.standard();
  private IssuedInvitation link;
  private SubmissionId submission;

  @BeforeEach
  void scanningEngine() {
    engine = newEngine(b -> b.scanner(scanner).scanPolicy(POLICY).manualScanning());
    link = requestAndInvite();
    submission = engine.publicSide().startSubmission(link.token());
  }

  @Test
  @DisplayName("a file is queued when stored, not scanned on the upload path; once scanned clean the verdict is a custody event and the officer reads it as usual")
  void cleanFile() throws IOException {
    EvidenceItem item = add("front.txt", "a grey van at 02:10");
    assertThat(item.scanState()).isEqualTo(ScanState.PENDING);
    assertThat(scanner.scans()).as("addFile never waits for a scan").isZero();
    assertThatThrownBy(() -> read(item))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.ITEM_NOT_SCANNED);

    assertThat(engine.scanning().runDueScans(10)).isEqualTo(1);

    assertThat(itemsListed()).extracting(EvidenceItem::scanState).containsExactly(ScanState.CLEAN);
    assertThat(read(item)).isEqualTo("a grey van at 02:10");
    CustodyEvent scanned = events(CustodyAction.ITEM_SCANNED).get(0);
    assertThat(scanned.itemId()).contains(item.id());
    assertThat(scanned.details()).containsEntry("verdict", "CLEAN").containsEntry("scanner", "Marker")
        .containsEntry("version", "Marker 1.0/1").containsEntry("sha256", TestData.sha256("a grey van at 02:10"));
    assertThat(engine.scanning().pendingScans()).isZero();
  }

  @Test
  @DisplayName("an infected file is quarantined: kept byte for byte, flagged in every listing, refused by openItem, and released only by an authorised officer's override as application/octet-stream with the detections")
  void infectedFile() throws IOException {
    EvidenceItem item = add("player.exe", "header MALWARE trailer");
    engine.scanning().runDueScans(10);

    assertThat(itemsListed()).extracting(EvidenceItem::scanState).containsExactly(ScanState.INFECTED);
    ItemScan status = engine.scanning().status(WRIGHT, item.id(), "check the scan");
    assertThat(status.state()).isEqualTo(ScanState.INFECTED);
    assertThat(status.detections()).containsExactly("Test.Malware");
    assertThat(events(CustodyAction.ITEM_QUARANTINED).get(0).details())
        .containsEntry("signatures", "Test.Malware").containsEntry("previousState", "PENDING")
        .doesNotContainKey("notified");

    assertThatThrownBy(() -> read(item))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.ITEM_QUARANTINED);
    assertThat(events(CustodyAction.ACCESS_REFUSED)).singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("rule", "quarantined: malware detected"));

    assertThatThrownBy(() -> engine.scanning().openQuarantined(OTHER_OFFICER, item.id(), ByteRange.ALL, ItemUse.DOWNLOAD,
        "curious")).isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.ACCESS_DENIED);
    assertThatThrownBy(() -> engine.scanning().openQuarantined(SUPERVISOR, item.id(), ByteRange.ALL, ItemUse.DOWNLOAD,
        " ")).isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);

    try (QuarantinedContent released = engine.scanning().openQuarantined(SUPERVISOR, item.id(), ByteRange.ALL,
        ItemUse.DOWNLOAD, "forensic analysis in the isolated lab")) {
      assertThat(released.contentType()).isEqualTo("application/octet-stream");
      assertThat(released.scan().detections()).containsExactly("Test.Malware");
      assertThat(released.warning()).contains("malware detected").contains("Test.Malware");
      assertThat(new String(released.content().readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("header MALWARE trailer");
    }
    CustodyEvent override = events(CustodyAction.QUARANTINE_OVERRIDDEN).get(0);
    assertThat(override.actor().id()).isEqualTo(SUPERVISOR.id());
    assertThat(override.reason()).contains("forensic analysis in the isolated lab");
    assertThat(override.details()).containsEntry("state", "INFECTED").containsEntry("signatures", "Test.Malware");
    assertThat(events(CustodyAction.ITEM_DOWNLOADED)).hasSize(1);
  }

  @Test
  @DisplayName("a scanner that cannot scan is retried with backoff, never treated as clean, and the item is flagged after the last attempt")
  void couldNotScan() {
    scanner.down(true);
    EvidenceItem item = add("front.txt", "footage");

    assertThat(engine.scanning().runDueScans(10)).isEqualTo(1);
    assertThat(itemsListed()).extracting(EvidenceItem::scanState).containsExactly(ScanState.PENDING);
    assertThat(engine.scanning().runDueScans(10)).as("the retry is not due yet").isZero();
    assertThat(engine.scanning().pendingScans()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(40));
    assertThat(engine.scanning().runDueScans(10)).isEqualTo(1);
    assertThat(engine.scanning().status(WRIGHT, item.id(), "check").attempts()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(40));
    assertThat(engine.scanning().runDueScans(10)).as("the second retry waits twice as long").isZero();
    clock.advance(Duration.ofSeconds(40));
    assertThat(engine.scanning().runDueScans(10)).isEqualTo(1);

    assertThat(itemsListed()).extracting(EvidenceItem::scanState).containsExactly(ScanState.COULD_NOT_SCAN);
    assertThat(engine.scanning().pendingScans()).isZero();
    assertThat(events(CustodyAction.ITEM_SCANNED)).hasSize(3)
        .allSatisfy(e -> assertThat(e.details()).containsEntry("verdict", "COULD_NOT_SCAN")
            .containsEntry("failure", "SCANNER_UNAVAILABLE"));
    assertThat(events(CustodyAction.ITEM_SCAN_FAILED)).singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("attempts", "3"));
    assertThatThrownBy(() -> read(item))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.ITEM_NOT_SCANNED);

    scanner.down(false);
    assertThat(engine.scanning().rescanAll()).as("a re-scan tries flagged items again").isEqualTo(1);
    engine.scanning().runDueScans(10);
    assertThat(itemsListed()).extracting(EvidenceItem::scanState).containsExactly(ScanState.CLEAN);
  }

  @Test
  @DisplayName("the officer's notice waits for the scans and then counts the clean and infected files")
  void noticeCountsVerdicts() {
    add("a.txt", "clean words");
    add("b.txt", "MALWARE inside");
    engine.publicSide().submit(link.token(), submission, Optional.empty(), Declaration.of(2));

    engine.operations().deliverPendingNotifications();
    assertThat(submissionNotices()).as("held while files wait for their scans").isEmpty();

    engine.scanning().runDueScans(10);
    engine.operations().deliverPendingNotifications();
    assertThat(submissionNotices()).singleElement().satisfies(n ->
        assertThat(n.scans()).contains(new SubmissionNotice.ScanCounts(1, 1, 0)));
  }

  @Test
  @DisplayName("the officer's notice waits for the scans only so long, then says how many files are not scanned yet")
  void noticeWaitIsBounded() {
    scanner.down(true);
    add("a.txt", "clean words");
    engine.publicSide().submit(link.token(), submission, Optional.empty(), Declaration.of(1));
    engine.scanning().runDueScans(10);
    engine.operations().deliverPendingNotifications();
    assertThat(submissionNotices()).isEmpty();

    clock.advance(POLICY.noticeWait());
    engine.operations().deliverPendingNotifications();
    assertThat(submissionNotices()).singleElement().satisfies(n ->
        assertThat(n.scans()).contains(new SubmissionNotice.ScanCounts(0, 0, 1)));
  }

  @Test
  @DisplayName("after a signature update a re-scan scans each item once more; a new detection in a file already released is an event and a notice to its officer; without an update nothing is scanned again")
  void rescanAfterUpdate() throws IOException {
    EvidenceItem item = add("doorbell.txt", "looks harmless NEWTHREAT");
    add("other.txt", "plain");
    engine.scanning().runDueScans(10);
    assertThat(read(item)).as("released to the officer as clean").contains("harmless");
    assertThat(scanner.scans()).isEqualTo(2);

    assertThat(engine.scanning().rescanAll()).isEqualTo(2);
    engine.scanning().runDueScans(10);
    assertThat(scanner.scans()).as("same signature version: nothing scanned again").isEqualTo(2);

    scanner.update("2", Map.of("MALWARE", "Test.Malware", "NEWTHREAT", "Test.NewThreat"));
    engine.scanning().rescanAll();
    engine.scanning().runDueScans(10);
    assertThat(scanner.scans()).isEqualTo(4);
    assertThat(scanner.scansOf("plain")).isEqualTo(2);

    assertThat(engine.scanning().status(WRIGHT, item.id(), "check").state()).isEqualTo(ScanState.INFECTED);
    assertThat(events(CustodyAction.ITEM_QUARANTINED)).singleElement().satisfies(e -> assertThat(e.details())
        .containsEntry("previousState", "CLEAN").containsEntry("notified", WRIGHT.userId())
        .containsEntry("signatures", "Test.NewThreat"));
    assertThat(engine.custody().events(TestData.AUDITOR, 0, 10_000, "audit").stream()
        .filter(e -> e.action() == CustodyAction.RESCAN_REQUESTED))
        .hasSize(2).allSatisfy(e -> assertThat(e.details()).containsEntry("count", "2"));
    engine.operations().deliverPendingNotifications();
    DetectionNotice notice = notifier.sent().stream().filter(n -> n instanceof DetectionNotice)
        .map(n -> (DetectionNotice) n).findFirst().orElseThrow();
    assertThat(notice.fileName()).isEqualTo("doorbell.txt");
    assertThat(notice.signatures()).containsExactly("Test.NewThreat");
    assertThat(notice.to().value()).isEqualTo("d.wright@kent.police.example");
    assertThat(notice.sha256().hex()).isEqualTo(TestData.sha256("looks harmless NEWTHREAT"));
    assertThatThrownBy(() -> read(item))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.ITEM_QUARANTINED);
  }

  @Test
  @DisplayName("several chained scanners each scan every item and each verdict is recorded with its version; one detection quarantines")
  void chainedScanners() {
    MarkerScanner second = new MarkerScanner("Second", "9", Map.of("SECRET", "Second.Secret"));
    engine = newEngine(b -> b.scanner(scanner).scanner(second).scanPolicy(POLICY).manualScanning());
    EvidenceItem clean = add("a.txt", "nothing here");
    EvidenceItem caught = add("b.txt", "a SECRET payload");
    engine.scanning().runDueScans(10);

    assertThat(engine.scanning().status(WRIGHT, clean.id(), "check").results())
        .extracting(r -> r.scanner() + " " + r.version() + " " + r.verdict())
        .containsExactly("Marker Marker 1.0/1 CLEAN", "Second Second 1.0/9 CLEAN");
    ItemScan infected = engine.scanning().status(WRIGHT, caught.id(), "check");
    assertThat(infected.state()).isEqualTo(ScanState.INFECTED);
    assertThat(infected.detections()).containsExactly("Second.Secret");
    assertThat(events(CustodyAction.ITEM_SCANNED)).hasSize(4);
  }

  @Test
  @DisplayName("two engines draining one queue at once scan every item exactly once")
  void twoEnginesScanOnce() throws Exception {
    MarkerScanner a = MarkerScanner.standard();
    MarkerScanner b = MarkerScanner.standard();
    EvidenceEngine one = newEngine(x -> x.scanner(a).scanPolicy(POLICY).manualScanning());
    EvidenceEngine two = newEngine(x -> x.scanner(b).scanPolicy(POLICY).manualScanning());
    int files = 24;
    for (int i = 0; i < files; i++) {
      add("f" + i + ".txt", "file " + i);
    }
    Thread other = new Thread(() -> {
      while (two.scanning().runDueScans(2) > 0) {
        // drain
      }
    });
    other.start();
    while (one.scanning().runDueScans(2) > 0) {
      // drain
    }
    other.join();
    assertThat(a.scans() + b.scans()).isEqualTo(files);
    assertThat(itemsListed()).hasSize(files).allSatisfy(i -> assertThat(i.scanState()).isEqualTo(ScanState.CLEAN));
    assertThat(events(CustodyAction.ITEM_SCANNED)).hasSize(files);
  }

  @Test
  @DisplayName("an engine without scanners says scanning is off, serves items as before and its notices carry no scan counts")
  void scanningOff() throws IOException {
    engine = newEngine(b -> {});
    EvidenceItem item = add("a.txt", "words");
    assertThat(engine.scanning().enabled()).isFalse();
    assertThat(engine.scanning().runDueScans(10)).isZero();
    assertThat(read(item)).isEqualTo("words");
    assertThatThrownBy(() -> engine.scanning().rescanAll())
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.CONFIGURATION);
    engine.publicSide().submit(link.token(), submission, Optional.empty(), Declaration.of(1));
    engine.operations().deliverPendingNotifications();
    assertThat(submissionNotices()).singleElement().satisfies(n -> assertThat(n.scans()).isEmpty());
  }

  @Test
  @DisplayName("an export that would include a quarantined or unscanned file is refused and recorded, writing nothing; the override exports it with a warning and one recorded release per file")
  void exportsHonourQuarantine() throws IOException {
    add("front.txt", "a grey van at 02:10");
    EvidenceItem infected = add("player.exe", "header MALWARE trailer");
    engine.publicSide().submit(link.token(), submission, Optional.empty(), Declaration.of(2));
    ExportOrder order = new ExportOrder("CPS Kent", "charging decision", "Kent Police");
    java.nio.file.Path refused = dir.resolve("refused-bag");

    assertThatThrownBy(() -> engine.exports().exportRequest(WRIGHT, requestId(), order, refused))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.ITEM_NOT_SCANNED);
    engine.scanning().runDueScans(10);
    assertThatThrownBy(() -> engine.exports().exportRequest(WRIGHT, requestId(), order, refused))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.ITEM_QUARANTINED);
    assertThat(refused).doesNotExist();
    assertThat(events(CustodyAction.ACCESS_REFUSED)).hasSize(2);
    assertThat(events(CustodyAction.EVIDENCE_EXPORTED)).isEmpty();
    assertThatThrownBy(() -> engine.exports().exportRequest(OTHER_OFFICER, requestId(), order.releasingQuarantined(),
        dir.resolve("denied-bag"))).isInstanceOf(EvidenceException.class).extracting("code")
        .isEqualTo(ErrorCode.ACCESS_DENIED);

    java.nio.file.Path bag = dir.resolve("released-bag");
    engine.exports().exportRequest(SUPERVISOR, requestId(), order.releasingQuarantined(), bag);

    assertThat(java.nio.file.Files.readString(bag.resolve("WARNING-quarantined.txt")))
        .contains("not known to be free of malware").contains("player.exe: INFECTED").doesNotContain("front.txt");
    assertThat(java.nio.file.Files.readString(bag.resolve("metadata/files.jsonl")))
        .contains("\"scanState\":\"INFECTED\"").contains("\"scanState\":\"CLEAN\"");
    assertThat(events(CustodyAction.QUARANTINE_OVERRIDDEN)).singleElement().satisfies(e -> {
      assertThat(e.itemId()).contains(infected.id());
      assertThat(e.actor().id()).isEqualTo(SUPERVISOR.id());
      assertThat(e.details()).containsEntry("state", "INFECTED").containsEntry("signatures", "Test.Malware");
    });
    assertThat(events(CustodyAction.EVIDENCE_EXPORTED)).hasSize(1);
  }

  private EvidenceItem add(String name, String text) {
    return engine.publicSide().addFile(link.token(), submission, name, "text/plain", TestData.utf8(text));
  }

  private String read(EvidenceItem item) throws IOException {
    try (InputStream in = engine.officers().openItem(WRIGHT, item.id(), ByteRange.ALL, ItemUse.VIEW, "review")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private RequestId requestId() {
    return link.invitation().requestId();
  }

  private List<EvidenceItem> itemsListed() {
    return engine.officers().submissions(WRIGHT, requestId(), "review").stream()
        .flatMap(s -> s.items().stream()).toList();
  }

  private List<CustodyEvent> events(CustodyAction action) {
    return engine.officers().custodyEvents(WRIGHT, requestId(), "check").stream()
        .filter(e -> e.action() == action).toList();
  }

  private List<SubmissionNotice> submissionNotices() {
    return notifier.sent().stream().filter(n -> n instanceof SubmissionNotice).map(n -> (SubmissionNotice) n).toList();
  }
}
