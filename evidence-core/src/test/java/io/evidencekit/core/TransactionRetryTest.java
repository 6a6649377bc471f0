package io.evidencekit.core;

import static io.evidencekit.core.testing.TestData.AUDITOR;
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
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.IngestListener;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.api.ItemUse;
import io.evidencekit.api.OfficerIngest;
import io.evidencekit.api.Receipt;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.core.testing.DatabaseKind;
import io.evidencekit.core.testing.MarkerScanner;
import io.evidencekit.api.ScanState;
import io.evidencekit.spi.ContentScanner;
import io.evidencekit.spi.ScanResult;
import io.evidencekit.spi.ScannerVersion;
import io.evidencekit.core.testing.FailingCommits;
import io.evidencekit.core.testing.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine retries a transaction the database refused for a reason a retry resolves (serialisation
 * failure, deadlock). Every transaction body must therefore have no effect outside the database: these
 * tests refuse the first commit of each operation and check that the operation then happens exactly once.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("Transactions refused by the database")
class TransactionRetryTest extends EngineTestBase {
  private FailingCommits commits;

  @Override
  protected boolean wrapsDatabase() {
    return true;
  }

  @Override
  protected DataSource wrap(DataSource database) {
    commits = new FailingCommits(database);
    return commits;
  }

  /** Refuses the next commit as a serialisation conflict, runs {@code act}, and checks a retry happened. */
  private <T> T afterOneConflict(Supplier<T> act) {
    commits.failNextCommits(1, FailingCommits.SERIALIZATION_FAILURE);
    int before = commits.failedCommits();
    T result = act.get();
    assertThat(commits.failedCommits()).as("a commit was refused").isEqualTo(before + 1);
    return result;
  }

  private long count(CustodyAction action) {
    return engine.custody().events(AUDITOR, 0, 10_000, "count in a test").stream()
        .filter(e -> e.action() == action).count();
  }

  @Test
  @DisplayName("creating a request and issuing its link each happen once after a serialisation conflict")
  void requestAndLink() {
    EvidenceRequest request = afterOneConflict(() -> engine.officers().createRequest(WRIGHT, TestData.burglaryRequest()));
    IssuedInvitation link = afterOneConflict(() -> engine.officers().issueInvitation(WRIGHT, request.id(), "first link"));

    assertThat(engine.publicSide().viewInvitation(link.token()).reference()).isEqualTo(request.reference());
    assertThat(count(CustodyAction.REQUEST_CREATED)).isEqualTo(1);
    assertThat(count(CustodyAction.INVITATION_ISSUED)).isEqualTo(1);
    assertThat(engine.operations().pendingNotifications()).isEqualTo(1);
  }

  @Test
  @DisplayName("a submission's start, files, removal and submit each happen once after a serialisation conflict")
  void publicSubmission() {
    IssuedInvitation link = requestAndInvite();
    SubmissionId submission = afterOneConflict(() -> engine.publicSide().startSubmission(link.token()));
    EvidenceItem kept = afterOneConflict(() -> engine.publicSide().addFile(link.token(), submission, "a.mp4", "video/mp4",
        TestData.utf8("front door")));
    EvidenceItem dropped = afterOneConflict(() -> engine.publicSide().addFile(link.token(), submission, "b.mp4",
        "video/mp4", TestData.utf8("wrong night")));
    afterOneConflict(() -> {
      engine.publicSide().removeFile(link.token(), submission, dropped.id());
      return null;
    });
    Receipt receipt = afterOneConflict(() -> engine.publicSide().submit(link.token(), submission, Optional.empty(),
        Declaration.of(1)));

    assertThat(receipt.files()).singleElement().satisfies(l -> assertThat(l.name()).isEqualTo("a.mp4"));
    assertThat(kept.sha256().hex()).isEqualTo(TestData.sha256("front door"));
    assertThat(count(CustodyAction.SUBMISSION_STARTED)).isEqualTo(1);
    assertThat(count(CustodyAction.ITEM_RECEIVED)).isEqualTo(2);
    assertThat(count(CustodyAction.ITEM_REMOVED_BY_SUBMITTER)).isEqualTo(1);
    assertThat(count(CustodyAction.SUBMISSION_SUBMITTED)).isEqualTo(1);
  }

  @Test
  @DisplayName("an officer ingest whose first file's commit is refused records every file once, in one submission")
  void officerIngest() throws IOException {
    Path usb = Files.createDirectories(dir.resolve("usb"));
    Files.writeString(usb.resolve("cam1.264"), "camera one");
    Files.writeString(usb.resolve("cam2.264"), "camera two");
    EvidenceRequest request = engine.officers().createRequest(WRIGHT, TestData.burglaryRequest());

    OfficerIngest result = afterOneConflict(() -> engine.officers().ingestFiles(WRIGHT, request.id(), List.of(usb),
        "exhibit DW/1", new IngestListener() {}));

    assertThat(result.receipt().orElseThrow().files()).extracting(Receipt.Line::name)
        .containsExactly("usb/cam1.264", "usb/cam2.264");
    assertThat(engine.officers().submissions(WRIGHT, request.id(), "check")).singleElement()
        .satisfies(s -> assertThat(s.items()).hasSize(2));
    assertThat(count(CustodyAction.SUBMISSION_STARTED)).isEqualTo(1);
    assertThat(count(CustodyAction.ITEM_RECEIVED)).isEqualTo(2);
  }

  @Test
  @DisplayName("reading an item, viewing a request, delivering a message and making a checkpoint each happen once after a conflict")
  void readsDeliveriesAndCheckpoints() throws IOException {
    IssuedInvitation link = requestAndInvite();
    Receipt receipt = submitFiles(link, "footage");
    EvidenceItem item = engine.officers().submissions(WRIGHT, link.invitation().requestId(), "find").get(0).items().get(0);

    try (InputStream in = afterOneConflict(() -> engine.officers().openItem(WRIGHT, item.id(), ByteRange.ALL,
        ItemUse.DOWNLOAD, "statement exhibit"))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("footage");
    }
    afterOneConflict(() -> engine.officers().request(WRIGHT, link.invitation().requestId(), "review"));
    int delivered = afterOneConflict(() -> engine.operations().deliverPendingNotifications());
    afterOneConflict(() -> engine.custody().checkpoint());

    assertThat(receipt.files()).hasSize(1);
    assertThat(delivered).isEqualTo(2);
    assertThat(notifier.sent()).hasSize(2);
    assertThat(count(CustodyAction.ITEM_DOWNLOADED)).isEqualTo(1);
    assertThat(count(CustodyAction.INVITATION_SENT)).isEqualTo(1);
    assertThat(count(CustodyAction.OFFICER_NOTIFIED)).isEqualTo(1);
    assertThat(engine.custody().checkpoints()).hasSize(1);
    assertThat(engine.custody().audit().intact()).isTrue();
  }

  @Nested
  @DisplayName("when a commit fails for good")
  class Permanent {
    @Test
    @DisplayName("the operation fails as DATABASE_FAILURE, records nothing, and the same call succeeds afterwards")
    void failsCleanly() {
      long before = engine.custody().size();
      commits.failNextCommits(1, FailingCommits.CONNECTION_FAILURE);

      assertThatThrownBy(() -> engine.officers().createRequest(WRIGHT, TestData.burglaryRequest()))
          .isInstanceOf(EvidenceException.class)
          .extracting("code").isEqualTo(ErrorCode.DATABASE_FAILURE);
      assertThat(engine.custody().size()).isEqualTo(before);

      EvidenceRequest request = engine.officers().createRequest(WRIGHT, TestData.burglaryRequest());
      assertThat(request.reference().value()).isEqualTo("46/00001/24");
    }

    @Test
    @DisplayName("a submit that fails leaves the draft open and unchanged, and submitting again gives the receipt")
    void submitFailsCleanly() {
      IssuedInvitation link = requestAndInvite();
      SubmissionId submission = engine.publicSide().startSubmission(link.token());
      engine.publicSide().addFile(link.token(), submission, "a.mp4", "video/mp4", TestData.utf8("front door"));
      commits.failNextCommits(1, FailingCommits.CONNECTION_FAILURE);

      assertThatThrownBy(() -> engine.publicSide().submit(link.token(), submission, Optional.empty(), Declaration.of(1)))
          .isInstanceOf(EvidenceException.class)
          .extracting("code").isEqualTo(ErrorCode.DATABASE_FAILURE);
      assertThat(engine.publicSide().draftItems(link.token(), submission)).hasSize(1);
      assertThat(engine.operations().pendingNotifications()).isEqualTo(1);

      Receipt receipt = engine.publicSide().submit(link.token(), submission, Optional.empty(), Declaration.of(1));
      assertThat(receipt.files()).hasSize(1);
      assertThat(engine.custody().events(AUDITOR, 0, 10_000, "check").stream().map(CustodyEvent::action)
          .filter(a -> a == CustodyAction.SUBMISSION_SUBMITTED)).hasSize(1);
    }
  }

  @Test
  @DisplayName("a scan whose result's commit is refused is recorded once, from the one scan that ran")
  void scanResult() {
    MarkerScanner marker = MarkerScanner.standard();
    ContentScanner armsAConflict = new ContentScanner() {
      @Override
      public String name() {
        return marker.name();
      }

      @Override
      public ScanResult scan(InputStream content, long size) {
        commits.failNextCommits(1, FailingCommits.SERIALIZATION_FAILURE); // the result's commit
        return marker.scan(content, size);
      }

      @Override
      public ScannerVersion version() {
        return marker.version();
      }
    };
    engine = newEngine(b -> b.scanner(armsAConflict).manualScanning());
    IssuedInvitation link = requestAndInvite();
    submitFiles(link, "footage");
    int before = commits.failedCommits();

    assertThat(engine.scanning().runDueScans(10)).isEqualTo(1);

    assertThat(commits.failedCommits()).isEqualTo(before + 1);
    assertThat(marker.scans()).isEqualTo(1);
    assertThat(count(CustodyAction.ITEM_SCANNED)).isEqualTo(1);
    assertThat(engine.scanning().itemsByState()).containsEntry(ScanState.CLEAN, 1);
    assertThat(engine.scanning().pendingScans()).isZero();
  }
}
