package io.evidencekit.core;

import io.evidencekit.core.testing.TestData;
import static io.evidencekit.core.testing.TestData.WRIGHT;
import static io.evidencekit.core.testing.TestData.sha256;
import static io.evidencekit.core.testing.TestData.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.Declaration;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.api.Limits;
import io.evidencekit.api.Receipt;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.RequestState;
import io.evidencekit.api.Sha256;
import io.evidencekit.api.Submission;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.api.SubmissionState;
import io.evidencekit.api.UploadKey;
import io.evidencekit.core.testing.DatabaseKind;
import io.evidencekit.spi.SubmissionNotice;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("Submitting evidence through a link")
class SubmissionTest extends EngineTestBase {

  @Test
  @DisplayName("two files with a caption and the declaration give a receipt with each file's name, size and SHA-256, and the officer is notified")
  void fullSubmission() {
    IssuedInvitation link = requestAndInvite();
    SubmissionId submission = engine.publicSide().startSubmission(link.token());
    engine.publicSide().addFile(link.token(), submission, "front.mp4", "video/mp4", utf8("front camera bytes"));
    engine.publicSide().addFile(link.token(), submission, "rear.mp4", "video/mp4", utf8("rear camera bytes"));

    Receipt receipt = engine.publicSide().submit(link.token(), submission, Optional.of("Both cameras, 01:00-03:00"), Declaration.of(2));

    assertThat(receipt.reference().value()).isEqualTo("46/00001/24");
    assertThat(receipt.submittedAt()).isEqualTo(START);
    assertThat(receipt.files()).extracting(Receipt.Line::name, Receipt.Line::size, l -> l.sha256().hex())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("front.mp4", 18L, sha256("front camera bytes")),
            org.assertj.core.groups.Tuple.tuple("rear.mp4", 17L, sha256("rear camera bytes")));
    assertThat(receipt.caption()).contains("Both cameras, 01:00-03:00");

    assertThat(engine.operations().deliverPendingNotifications()).isEqualTo(2);
    SubmissionNotice notice = (SubmissionNotice) notifier.sent().get(1);
    assertThat(notice.to().value()).isEqualTo("d.wright@kent.police.example");
    assertThat(notice.fileCount()).isEqualTo(2);
    assertThat(notice.submitterName()).isEqualTo("D Smith");
    assertThat(notice.caption()).contains("Both cameras, 01:00-03:00");

    var request = engine.officers().request(WRIGHT, link.invitation().requestId(), "review evidence");
    assertThat(request.state()).isEqualTo(RequestState.EVIDENCE_RECEIVED);
    assertThat(engine.officers().custodyEvents(WRIGHT, request.id(), "review custody")).extracting(CustodyEvent::action)
        .containsSubsequence(CustodyAction.REQUEST_CREATED, CustodyAction.INVITATION_ISSUED,
            CustodyAction.SUBMISSION_STARTED, CustodyAction.CONTROLLER_HANDOVER, CustodyAction.ITEM_RECEIVED,
            CustodyAction.ITEM_RECEIVED, CustodyAction.SUBMISSION_DECLARED, CustodyAction.SUBMISSION_SUBMITTED,
            CustodyAction.INVITATION_SENT, CustodyAction.OFFICER_NOTIFIED);
  }

  @Test
  @DisplayName("the custody log numbers events densely from zero, each with its actor, time and details")
  void custodyEventsCarryActorTimeAndDetails() {
    IssuedInvitation link = requestAndInvite();
    submitFiles(link, "one");
    var events = engine.custody().events(TestData.AUDITOR, 0, 100, "audit in a test");
    assertThat(events).extracting(CustodyEvent::sequence).containsExactly(
        java.util.stream.LongStream.range(0, events.size()).boxed().toArray(Long[]::new));
    CustodyEvent received = events.stream().filter(e -> e.action() == CustodyAction.ITEM_RECEIVED).findFirst().orElseThrow();
    assertThat(received.actor().id()).isEqualTo("public:" + link.invitation().id());
    assertThat(received.actor().displayName()).isEqualTo("D Smith");
    assertThat(received.at()).isEqualTo(START);
    assertThat(received.details()).containsEntry("sha256", sha256("one")).containsEntry("size", "3")
        .containsEntry("name", "file1.txt");
    assertThat(received.itemId()).isPresent();
  }

  @Test
  @DisplayName("a submit that is retried returns the same receipt and records and notifies nothing twice")
  void retriedSubmitIsIdempotent() {
    IssuedInvitation link = requestAndInvite();
    SubmissionId submission = engine.publicSide().startSubmission(link.token());
    engine.publicSide().addFile(link.token(), submission, "a.jpg", "image/jpeg", utf8("a"));
    Receipt first = engine.publicSide().submit(link.token(), submission, Optional.empty(), Declaration.of(1));
    long events = engine.custody().size();
    clock.advance(java.time.Duration.ofMinutes(5));

    Receipt again = engine.publicSide().submit(link.token(), submission, Optional.empty(), Declaration.of(1));

    assertThat(again).isEqualTo(first);
    assertThat(engine.custody().size()).isEqualTo(events);
    engine.operations().deliverPendingNotifications();
    assertThat(notifier.sent()).filteredOn(n -> n instanceof SubmissionNotice).hasSize(1);
  }

  @Test
  @DisplayName("identical files are stored once and recorded as two items")
  void identicalContentStoredOnce() {
    IssuedInvitation link = requestAndInvite();
    Receipt receipt = submitFiles(link, "same bytes", "same bytes");
    assertThat(receipt.files()).hasSize(2);
    assertThat(store.blobCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("a staged file is streamed in when the store cannot adopt it, and recorded with the engine's own digest")
  void stagedFileOnAStoreThatCannotAdopt() throws IOException {
    IssuedInvitation link = requestAndInvite();
    SubmissionId submission = engine.publicSide().startSubmission(link.token());
    byte[] bytes = "rear camera bytes".getBytes(StandardCharsets.UTF_8);
    Path staged = Files.write(dir.resolve("staged"), bytes);

    EvidenceItem item = engine.publicSide().addStagedFile(link.token(), submission, "rear.mp4", "video/mp4", staged,
        new Sha256(sha256(bytes)));

    assertThat(item.sha256().hex()).isEqualTo(sha256(bytes));
    assertThat(item.size()).isEqualTo(bytes.length);
    assertThat(store.blobCount()).isEqualTo(1);
    assertThat(engine.publicSide().draftItems(link.token(), submission)).containsExactly(item);
    assertThat(staged).hasBinaryContent(bytes); // not taken over: the caller deletes it
  }

  @Test
  @DisplayName("a digest the portal computed while staging is still checked when the store must copy the file: a wrong one is refused with INTEGRITY_FAILURE and nothing is recorded")
  void hashedWhileStagingIsCheckedWhenCopied() throws IOException {
    IssuedInvitation link = requestAndInvite();
    SubmissionId submission = engine.publicSide().startSubmission(link.token());
    byte[] bytes = "rear camera bytes".getBytes(StandardCharsets.UTF_8);
    Path staged = Files.write(dir.resolve("staged"), bytes);
    long events = engine.custody().size();

    assertThatThrownBy(() -> engine.publicSide().addStagedFileHashedWhileStaging(link.token(), submission,
        new UploadKey("upload-1"), "rear.mp4", "video/mp4", staged, new Sha256(sha256("other bytes"))))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INTEGRITY_FAILURE);
    assertThat(engine.custody().size()).isEqualTo(events);
    assertThat(engine.publicSide().draftItems(link.token(), submission)).isEmpty();

    EvidenceItem item = engine.publicSide().addStagedFileHashedWhileStaging(link.token(), submission,
        new UploadKey("upload-1"), "rear.mp4", "video/mp4", staged, new Sha256(sha256(bytes)));
    assertThat(item.sha256().hex()).isEqualTo(sha256(bytes));
    assertThat(engine.custody().events(TestData.AUDITOR, 0, 100, "audit in a test"))
        .filteredOn(e -> e.action() == CustodyAction.ITEM_RECEIVED).singleElement()
        .satisfies(e -> assertThat(e.details()).doesNotContainKey("sha256By")); // the engine computed it
  }

  @Test
  @DisplayName("submitting zero files is refused with SUBMISSION_EMPTY and changes nothing")
  void zeroFiles() {
    IssuedInvitation link = requestAndInvite();
    SubmissionId submission = engine.publicSide().startSubmission(link.token());
    long events = engine.custody().size();
    assertThatThrownBy(() -> engine.publicSide().submit(link.token(), submission, Optional.empty(), Declaration.of(1)))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.SUBMISSION_EMPTY);
    assertThat(engine.custody().size()).isEqualTo(events);
    assertThat(engine.officers().submissions(WRIGHT, link.invitation().requestId(), "check").get(0).state())
        .isEqualTo(SubmissionState.DRAFT);
  }

  @Test
  @DisplayName("a declaration naming a different number of files is refused with DECLARATION_MISMATCH and changes nothing")
  void declarationMismatch() {
    IssuedInvitation link = requestAndInvite();
    SubmissionId submission = engine.publicSide().startSubmission(link.token());
    engine.publicSide().addFile(link.token(), submission, "a", "text/plain", utf8("a"));
    engine.publicSide().addFile(link.token(), submission, "b", "text/plain", utf8("b"));
    long events = engine.custody().size();
    assertThatThrownBy(() -> engine.publicSide().submit(link.token(), submission, Optional.empty(), Declaration.of(3)))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.DECLARATION_MISMATCH);
    assertThat(engine.custody().size()).isEqualTo(events);
  }

  @Test
  @DisplayName("a declaration about no files cannot even be constructed; the receipt and the submission keep the declared count")
  void declarationHoldsTheCount() {
    assertThatThrownBy(() -> Declaration.of(0))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
    IssuedInvitation link = requestAndInvite();
    SubmissionId submission = engine.publicSide().startSubmission(link.token());
    engine.publicSide().addFile(link.token(), submission, "a", "text/plain", utf8("a"));
    engine.publicSide().addFile(link.token(), submission, "b", "text/plain", utf8("b"));

    Receipt receipt = engine.publicSide().submit(link.token(), submission, Optional.empty(), Declaration.of(2));

    assertThat(receipt.declaration()).isEqualTo(new Declaration(2));
    RequestId request = link.invitation().requestId();
    assertThat(engine.officers().submissions(WRIGHT, request, "review evidence")).singleElement()
        .extracting(Submission::declaration).isEqualTo(Optional.of(new Declaration(2)));
    assertThat(engine.officers().custodyEvents(WRIGHT, request, "review custody"))
        .filteredOn(e -> e.action() == CustodyAction.SUBMISSION_DECLARED).singleElement()
        .extracting(CustodyEvent::details).isEqualTo(Map.of("submission", submission.toString(), "files", "2"));
  }

  @Test
  @DisplayName("a file removed before submitting is not part of the submission, and the declaration counts what remains")
  void removeBeforeSubmit() {
    IssuedInvitation link = requestAndInvite();
    SubmissionId submission = engine.publicSide().startSubmission(link.token());
    EvidenceItem wrong = engine.publicSide().addFile(link.token(), submission, "holiday.jpg", "image/jpeg", utf8("beach"));
    engine.publicSide().addFile(link.token(), submission, "cctv.mp4", "video/mp4", utf8("street"));
    engine.publicSide().removeFile(link.token(), submission, wrong.id());
    Receipt receipt = engine.publicSide().submit(link.token(), submission, Optional.empty(), Declaration.of(1));
    assertThat(receipt.files()).extracting(Receipt.Line::name).containsExactly("cctv.mp4");
    assertThat(engine.custody().events(TestData.AUDITOR, 0, 100, "audit in a test")).extracting(CustodyEvent::action).contains(CustodyAction.ITEM_REMOVED_BY_SUBMITTER);
  }

  @Test
  @DisplayName("files cannot be added to a submission once it is submitted")
  void noFilesAfterSubmit() {
    IssuedInvitation link = requestAndInvite();
    SubmissionId submission = engine.publicSide().startSubmission(link.token());
    engine.publicSide().addFile(link.token(), submission, "a", "text/plain", utf8("a"));
    engine.publicSide().submit(link.token(), submission, Optional.empty(), Declaration.of(1));
    assertThatThrownBy(() -> engine.publicSide().addFile(link.token(), submission, "b", "text/plain", utf8("b")))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.SUBMISSION_CLOSED);
  }

  @Test
  @DisplayName("a file over the size limit is stopped while streaming, its partial bytes removed, and nothing recorded")
  void fileOverLimit() {
    engine = newEngine(b -> b.limits(new Limits(10, 1_000, 10_000)));
    IssuedInvitation link = requestAndInvite();
    SubmissionId submission = engine.publicSide().startSubmission(link.token());
    long events = engine.custody().size();
    InputStream endless = new InputStream() {
      long served;
      @Override public int read() {
        return served++ < 10_000_000 ? 'x' : -1;
      }
    };
    assertThatThrownBy(() -> engine.publicSide().addFile(link.token(), submission, "big.mp4", "video/mp4", endless))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.LIMIT_EXCEEDED);
    assertThat(store.blobCount()).isZero();
    assertThat(store.openWriters()).isZero();
    assertThat(engine.custody().size()).isEqualTo(events);
    assertThat(engine.officers().submissions(WRIGHT, link.invitation().requestId(), "check").get(0).items()).isEmpty();
  }

  @Test
  @DisplayName("a file exactly at the size limit is accepted")
  void fileAtLimit() {
    engine = newEngine(b -> b.limits(new Limits(10, 5, 100)));
    IssuedInvitation link = requestAndInvite();
    SubmissionId submission = engine.publicSide().startSubmission(link.token());
    assertThat(engine.publicSide().addFile(link.token(), submission, "five", "text/plain", utf8("12345")).size()).isEqualTo(5);
  }

  @Test
  @DisplayName("more files than the limit per submission are refused with LIMIT_EXCEEDED")
  void tooManyFiles() {
    engine = newEngine(b -> b.limits(new Limits(2, 100, 1_000)));
    IssuedInvitation link = requestAndInvite();
    SubmissionId submission = engine.publicSide().startSubmission(link.token());
    engine.publicSide().addFile(link.token(), submission, "1", "text/plain", utf8("1"));
    engine.publicSide().addFile(link.token(), submission, "2", "text/plain", utf8("2"));
    assertThatThrownBy(() -> engine.publicSide().addFile(link.token(), submission, "3", "text/plain", utf8("3")))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.LIMIT_EXCEEDED);
  }

  @Test
  @DisplayName("the bytes per submission limit counts every file already received")
  void submissionByteLimit() {
    engine = newEngine(b -> b.limits(new Limits(10, 6, 10)));
    IssuedInvitation link = requestAndInvite();
    SubmissionId submission = engine.publicSide().startSubmission(link.token());
    engine.publicSide().addFile(link.token(), submission, "1", "text/plain", utf8("123456"));
    assertThatThrownBy(() -> engine.publicSide().addFile(link.token(), submission, "2", "text/plain", utf8("123456")))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.LIMIT_EXCEEDED);
    assertThat(engine.publicSide().addFile(link.token(), submission, "3", "text/plain", utf8("1234")).size()).isEqualTo(4);
  }

  @Test
  @DisplayName("a blob store failure mid-stream gives STORAGE_FAILURE, leaves no partial blob and records nothing as received")
  void storeFailureMidStream() {
    IssuedInvitation link = requestAndInvite();
    SubmissionId submission = engine.publicSide().startSubmission(link.token());
    long events = engine.custody().size();
    store.failAfterBytes(1_000);
    assertThatThrownBy(() -> engine.publicSide().addFile(link.token(), submission, "a.mp4", "video/mp4",
        utf8("x".repeat(5_000_000))))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.STORAGE_FAILURE);
    assertThat(store.blobCount()).isZero();
    assertThat(store.openWriters()).isZero();
    assertThat(engine.custody().size()).isEqualTo(events);
  }

  @Test
  @DisplayName("a client that goes away mid-upload gives UPLOAD_INTERRUPTED and records nothing")
  void clientGone() {
    IssuedInvitation link = requestAndInvite();
    SubmissionId submission = engine.publicSide().startSubmission(link.token());
    long events = engine.custody().size();
    InputStream breaks = new InputStream() {
      int served;
      @Override public int read() throws IOException {
        if (served++ > 100) {
          throw new IOException("connection reset");
        }
        return 'y';
      }
    };
    assertThatThrownBy(() -> engine.publicSide().addFile(link.token(), submission, "a", "text/plain", breaks))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.UPLOAD_INTERRUPTED);
    assertThat(store.blobCount()).isZero();
    assertThat(engine.custody().size()).isEqualTo(events);
  }

  @Test
  @DisplayName("file names are kept as metadata exactly, except characters no database can hold")
  void fileNamesAreMetadata() {
    IssuedInvitation link = requestAndInvite();
    SubmissionId submission = engine.publicSide().startSubmission(link.token());
    String hostile = "../../etc/passwd <script>alert(1)</script> \u202Egnp.exe CON";
    EvidenceItem item = engine.publicSide().addFile(link.token(), submission, hostile, "text/html\r\nX: y", utf8("z"));
    EvidenceItem nul = engine.publicSide().addFile(link.token(), submission, "a\u0000b", "", utf8("w"));
    assertThat(item.submittedName()).isEqualTo(hostile);
    assertThat(item.claimedContentType()).isEqualTo("application/octet-stream");
    assertThat(nul.submittedName()).isEqualTo("a\uFFFDb");
    assertThatThrownBy(() -> engine.publicSide().addFile(link.token(), submission, "n".repeat(1_025), "", utf8("v")))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
  }

  @Test
  @DisplayName("a caption over 2,000 characters is refused and the submission stays a draft")
  void longCaption() {
    IssuedInvitation link = requestAndInvite();
    SubmissionId submission = engine.publicSide().startSubmission(link.token());
    engine.publicSide().addFile(link.token(), submission, "a", "text/plain", utf8("a"));
    assertThatThrownBy(() -> engine.publicSide().submit(link.token(), submission, Optional.of("c".repeat(2_001)), Declaration.of(1)))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
    assertThat(engine.publicSide().submit(link.token(), submission, Optional.of("ok"), Declaration.of(1)).caption()).contains("ok");
  }

  @Test
  @DisplayName("a submission cannot be reached through another request's link")
  void submissionBelongsToItsLink() {
    IssuedInvitation first = requestAndInvite();
    IssuedInvitation second = requestAndInvite();
    SubmissionId submission = engine.publicSide().startSubmission(first.token());
    assertThatThrownBy(() -> engine.publicSide().addFile(second.token(), submission, "a", "text/plain", utf8("a")))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.NOT_FOUND);
  }
}
