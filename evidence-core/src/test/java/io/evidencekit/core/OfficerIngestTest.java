package io.evidencekit.core;

import static io.evidencekit.core.testing.TestData.OTHER_OFFICER;
import static io.evidencekit.core.testing.TestData.WRIGHT;
import static io.evidencekit.core.testing.TestData.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.IngestListener;
import io.evidencekit.api.IngestedFile;
import io.evidencekit.api.Limits;
import io.evidencekit.api.OfficerIngest;
import io.evidencekit.api.Receipt;
import io.evidencekit.api.RequestState;
import io.evidencekit.api.Submission;
import io.evidencekit.core.testing.DatabaseKind;
import io.evidencekit.core.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("An officer ingesting evidence from disc or USB")
class OfficerIngestTest extends EngineTestBase {
  private Path export;
  private EvidenceRequest request;

  /** A CCTV export as systems write them: a player, an index, sub-folders per camera. */
  @BeforeEach
  void cctvExport() throws IOException {
    export = Files.createDirectories(dir.resolve("usb").resolve("EXPORT_0503"));
    write(export.resolve("Player.exe"), "MZ player bytes");
    write(export.resolve("index.xml"), "<export/>");
    write(Files.createDirectories(export.resolve("CAM01")).resolve("0100-0200.264"), "camera one");
    write(Files.createDirectories(export.resolve("CAM02")).resolve("0100-0200.264"), "camera two");
    request = engine.officers().createRequest(WRIGHT, TestData.burglaryRequest());
  }

  @Test
  @DisplayName("a CCTV export folder with sub-folders and a player is ingested as opaque files into one officer submission, with a receipt")
  void ingestsAFolder() {
    Progress progress = new Progress();

    OfficerIngest result = engine.officers().ingestFiles(WRIGHT, request.id(), List.of(export), "exhibit DW/1 from the shop's USB stick", progress);

    Receipt receipt = result.receipt().orElseThrow();
    assertThat(receipt.reference()).isEqualTo(request.reference());
    assertThat(receipt.files()).extracting(Receipt.Line::name).containsExactly(
        "EXPORT_0503/CAM01/0100-0200.264", "EXPORT_0503/CAM02/0100-0200.264", "EXPORT_0503/Player.exe",
        "EXPORT_0503/index.xml");
    assertThat(receipt.files().get(2).sha256().hex()).isEqualTo(sha256("MZ player bytes"));
    assertThat(receipt.declaration().fileCount()).isEqualTo(4);
    assertThat(result.newFiles()).isEqualTo(4);
    assertThat(progress.started).isEqualTo(4);
    assertThat(progress.total).isEqualTo(progress.lastProgress).isEqualTo(15 + 9 + 10 + 10);
    assertThat(progress.finished).hasSize(4);

    Submission submission = engine.officers().submissions(WRIGHT, request.id(), "check").get(0);
    assertThat(submission.invitationId()).isEmpty();
    assertThat(submission.items()).allSatisfy(i -> assertThat(i.claimedContentType()).isEqualTo("application/octet-stream"));
    assertThat(engine.officers().request(WRIGHT, request.id(), "check").state()).isEqualTo(RequestState.EVIDENCE_RECEIVED);
    List<CustodyEvent> events = engine.officers().custodyEvents(WRIGHT, request.id(), "check");
    assertThat(events).extracting(CustodyEvent::action).containsSubsequence(CustodyAction.SUBMISSION_STARTED,
        CustodyAction.CONTROLLER_HANDOVER, CustodyAction.ITEM_RECEIVED, CustodyAction.ITEM_RECEIVED,
        CustodyAction.ITEM_RECEIVED, CustodyAction.ITEM_RECEIVED, CustodyAction.SUBMISSION_DECLARED,
        CustodyAction.SUBMISSION_SUBMITTED);
    assertThat(events).filteredOn(e -> e.action() == CustodyAction.ITEM_RECEIVED).hasSize(4).allSatisfy(e -> {
      assertThat(e.actor().id()).isEqualTo("officer:pc-4471");
      assertThat(e.details()).containsEntry("source", "officer-ingest").containsKey("path");
    });
    assertThat(engine.operations().deliverPendingNotifications()).isEqualTo(1);
  }

  @Test
  @DisplayName("a re-run recognises files already ingested by path and SHA-256, records nothing and returns no new receipt")
  void reRunSkips() {
    engine.officers().ingestFiles(WRIGHT, request.id(), List.of(export), "exhibit DW/1", IngestListener.NONE);
    long events = engine.custody().size();

    OfficerIngest again = engine.officers().ingestFiles(WRIGHT, request.id(), List.of(export), "exhibit DW/1", IngestListener.NONE);

    assertThat(again.receipt()).isEmpty();
    assertThat(again.files()).hasSize(4).allSatisfy(f -> assertThat(f.alreadyIngested()).isTrue());
    assertThat(engine.custody().size()).isEqualTo(events);
    assertThat(store.blobCount()).isEqualTo(4);
  }

  @Test
  @DisplayName("a file changed since the last run is ingested again, in a new submission")
  void changedFileIsIngested() throws IOException {
    engine.officers().ingestFiles(WRIGHT, request.id(), List.of(export), "exhibit DW/1", IngestListener.NONE);
    write(export.resolve("index.xml"), "<export version='2'/>");

    OfficerIngest again = engine.officers().ingestFiles(WRIGHT, request.id(), List.of(export), "exhibit DW/1", IngestListener.NONE);

    assertThat(again.receipt().orElseThrow().files()).extracting(Receipt.Line::name).containsExactly("EXPORT_0503/index.xml");
    assertThat(engine.officers().submissions(WRIGHT, request.id(), "check")).hasSize(2);
  }

  @Test
  @DisplayName("a run stopped part-way (Ctrl-C) keeps the files recorded, nothing of the one in progress, and a re-run completes one submission")
  void stoppedRunResumes() {
    IngestListener stopsAtThirdFile = new IngestListener() {
      int files;

      @Override
      public void fileStarted(String relativePath, long size) {
        if (++files == 3) {
          Thread.currentThread().interrupt(); // what the CLI's Ctrl-C handler does to the ingesting thread
        }
      }
    };

    assertThatThrownBy(() -> engine.officers().ingestFiles(WRIGHT, request.id(), List.of(export), "exhibit DW/1", stopsAtThirdFile))
        .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UPLOAD_INTERRUPTED));
    assertThat(Thread.interrupted()).isTrue();
    assertThat(store.openWriters()).isZero();
    List<Submission> afterStop = engine.officers().submissions(WRIGHT, request.id(), "check");
    assertThat(afterStop).singleElement().satisfies(s -> assertThat(s.items()).hasSize(2));

    OfficerIngest resumed = engine.officers().ingestFiles(WRIGHT, request.id(), List.of(export), "exhibit DW/1", IngestListener.NONE);

    assertThat(resumed.skippedFiles()).isEqualTo(2);
    assertThat(resumed.receipt().orElseThrow().files()).hasSize(4);
    assertThat(engine.officers().submissions(WRIGHT, request.id(), "check")).singleElement()
        .satisfies(s -> assertThat(s.submittedAt()).isPresent());
    assertThat(engine.officers().custodyEvents(WRIGHT, request.id(), "check"))
        .filteredOn(e -> e.action() == CustodyAction.ITEM_RECEIVED).hasSize(4);
  }

  @Test
  @DisplayName("a store failure part-way gives STORAGE_FAILURE and records nothing of the failing file")
  void storeFailure() throws IOException {
    write(export.resolve("CAM01").resolve("big.264"), "x".repeat(50_000));
    store.failAfterBytes(20_000);

    assertThatThrownBy(() -> engine.officers().ingestFiles(WRIGHT, request.id(), List.of(export), "exhibit DW/1", IngestListener.NONE))
        .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FAILURE));

    assertThat(store.openWriters()).isZero();
    assertThat(engine.officers().submissions(WRIGHT, request.id(), "check").get(0).items()).extracting(i -> i.submittedName())
        .doesNotContain("EXPORT_0503/CAM01/big.264");
  }

  @Test
  @DisplayName("an officer who may not manage the request is refused with ACCESS_DENIED and nothing is read or stored")
  void accessDenied() {
    assertThatThrownBy(() -> engine.officers().ingestFiles(OTHER_OFFICER, request.id(), List.of(export), "found it", IngestListener.NONE))
        .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED));
    assertThat(store.blobCount()).isZero();
  }

  @Test
  @DisplayName("the officer's ingest limits are checked before anything is stored")
  void limits() {
    engine = newEngine(b -> b.officerIngestLimits(new Limits(3, 1_000, 10_000)));

    assertThatThrownBy(() -> engine.officers().ingestFiles(WRIGHT, request.id(), List.of(export), "exhibit DW/1", IngestListener.NONE))
        .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED));
    assertThat(store.blobCount()).isZero();
    assertThat(engine.officers().submissions(WRIGHT, request.id(), "check")).isEmpty();
  }

  @Test
  @DisplayName("a symbolic link in the folder is refused before anything is recorded")
  void symbolicLink() throws IOException {
    Files.createSymbolicLink(export.resolve("link.264"), export.resolve("CAM01").resolve("0100-0200.264"));

    assertThatThrownBy(() -> engine.officers().ingestFiles(WRIGHT, request.id(), List.of(export), "exhibit DW/1", IngestListener.NONE))
        .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    assertThat(store.blobCount()).isZero();
  }

  @Test
  @DisplayName("single files are recorded under their own names, and a missing path is NOT_FOUND")
  void singleFiles() {
    OfficerIngest result = engine.officers().ingestFiles(WRIGHT, request.id(),
        List.of(export.resolve("index.xml"), export.resolve("Player.exe")), "exhibit DW/2", IngestListener.NONE);

    assertThat(result.files()).extracting(IngestedFile::relativePath).containsExactly("index.xml", "Player.exe");
    assertThatThrownBy(() -> engine.officers().ingestFiles(WRIGHT, request.id(), List.of(dir.resolve("nothing")), "x", IngestListener.NONE))
        .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static final class Progress implements IngestListener {
    int started;
    long total;
    long lastProgress;
    final List<IngestedFile> finished = new ArrayList<>();

    @Override
    public void started(int files, long totalBytes) {
      started = files;
      total = totalBytes;
    }

    @Override
    public void progress(long bytesDone) {
      lastProgress = bytesDone;
    }

    @Override
    public void fileFinished(IngestedFile file) {
      finished.add(file);
    }
  }
}
