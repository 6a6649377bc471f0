package io.evidencekit.core;

import static io.evidencekit.core.testing.TestData.WRIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gov.loc.repository.bagit.domain.Bag;
import gov.loc.repository.bagit.reader.BagReader;
import gov.loc.repository.bagit.verify.BagVerifier;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.core.testing.DatabaseKind;
import io.evidencekit.core.testing.TestData;
import io.evidencekit.spi.AccessDecision;
import io.evidencekit.spi.BlobId;
import io.evidencekit.verify.CustodyBody;
import io.evidencekit.verify.OfflineVerifier;
import io.evidencekit.verify.ProofJson;
import io.evidencekit.verify.VerifiedCheckpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("Exporting a disclosure package")
class ExportTest extends EngineTestBase {
  private static final ExportOrder CPS = new ExportOrder("CPS Kent", "charging decision", "Kent Police");

  private EvidenceItem submit(IssuedInvitation link, String name, String content) {
    SubmissionId s = engine.publicSide().startSubmission(link.token());
    EvidenceItem item = engine.publicSide().addFile(link.token(), s, name, "video/mp4", TestData.utf8(content));
    engine.publicSide().submit(link.token(), s, Optional.empty(), io.evidencekit.api.Declaration.of(1));
    return item;
  }

  @Test
  @DisplayName("a request's bag passes the Library of Congress BagIt validator, with safe unique names and every event proved")
  void bagIsValid() throws Exception {
    IssuedInvitation link = requestAndInvite();
    submit(link, "../../etc/passwd", "first footage");
    IssuedInvitation second = engine.officers().issueInvitation(WRIGHT, link.invitation().requestId(), "second camera");
    submit(second, "../../etc/passwd", "second footage");
    Path to = dir.resolve("bag");

    ExportSummary summary = engine.exports().exportRequest(WRIGHT, link.invitation().requestId(), CPS, to);

    assertThat(summary.files()).isEqualTo(2);
    assertThat(summary.bytes()).isEqualTo("first footage".length() + "second footage".length());
    Bag bag = new BagReader().read(to);
    try (BagVerifier verifier = new BagVerifier()) {
      verifier.isValid(bag, false);
    }
    try (var files = Files.list(to.resolve("data"))) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("001-etc_passwd", "002-etc_passwd");
    }
    assertThat(Files.readString(to.resolve("metadata/files.jsonl"))).contains("\"submittedName\":\"../../etc/passwd\"");
    String info = Files.readString(to.resolve("bag-info.txt"));
    assertThat(info).contains("Source-Organization: Kent Police", "External-Identifier: 46/", "Payload-Oxum: 27.2",
        "Bag-Size: ", "Contact-Name: Wright, D.", "Bagging-Date: 2024-05-03");

    OfflineVerifier verifier = OfflineVerifier.trusting(Files.readString(to.resolve("custody/verifier-key.vkey")).strip());
    VerifiedCheckpoint checkpoint = verifier.verifyCheckpoint(Files.readAllBytes(to.resolve("custody/checkpoint"))).orThrow();
    List<String> lines = Files.readAllLines(to.resolve("custody/events.jsonl"), StandardCharsets.UTF_8);
    assertThat(lines).hasSize(summary.events());
    for (String line : lines) {
      CustodyBody body = CustodyBody.parse(line.getBytes(StandardCharsets.UTF_8));
      String proof = Files.readString(to.resolve("custody/proofs/" + body.leaf().sequence() + ".json"));
      assertThat(verifier.verifyInclusion(checkpoint, body.leaf(), ProofJson.readInclusion(proof)).valid()).isTrue();
    }
    assertThat(CustodyBody.parse(lines.get(lines.size() - 1).getBytes(StandardCharsets.UTF_8)).leaf().action())
        .as("the bag carries its own export event").isEqualTo(CustodyAction.EVIDENCE_EXPORTED.name());
  }

  @Test
  @DisplayName("the bag holds an exhibit schedule (HTML and CSV) in MG11 wording with the officer's initials, every "
      + "submitted name escaped")
  void exhibitSchedule() throws Exception {
    IssuedInvitation link = requestAndInvite();
    EvidenceItem item = submit(link, "<script>alert(1)</script>.mp4", "footage");
    Path to = dir.resolve("bag");
    engine.exports().exportRequest(WRIGHT, link.invitation().requestId(), CPS, to);

    String html = Files.readString(to.resolve("schedule/exhibits.html"));
    assertThat(html).contains("I produce as exhibit DW/1 a copy of the file \u201c&lt;script&gt;alert(1)&lt;/script&gt;.mp4\u201d (7 bytes, SHA-256 "
        + item.sha256().hex() + "), submitted by D Smith").doesNotContain("<script>");
    String csv = Files.readString(to.resolve("schedule/exhibits.csv"));
    assertThat(csv.split("\r\n")).hasSize(2);
    assertThat(csv.split("\r\n")[1]).startsWith("\"DW/1\",\"data/001-script_alert_1_script_.mp4\"").contains("ITEM_RECEIVED");

    Path other = dir.resolve("bag2");
    engine.exports().exportRequest(WRIGHT, link.invitation().requestId(),
        new ExportOrder("CPS Kent", "second copy", "Kent Police", Optional.of("KP7")), other);
    assertThat(Files.readString(other.resolve("schedule/exhibits.csv"))).contains("\"KP7/1\"");
  }

  @Test
  @DisplayName("the export is a custody event naming the officer, the recipient and the reason")
  void exportIsRecorded() {
    IssuedInvitation link = requestAndInvite();
    submit(link, "cctv.mp4", "footage");
    engine.exports().exportRequest(WRIGHT, link.invitation().requestId(), CPS, dir.resolve("bag"));
    List<CustodyEvent> events = engine.officers().custodyEvents(WRIGHT, link.invitation().requestId(), "check");
    CustodyEvent exported = events.stream().filter(e -> e.action() == CustodyAction.EVIDENCE_EXPORTED).findFirst().orElseThrow();
    assertThat(exported.actor()).isEqualTo(WRIGHT);
    assertThat(exported.reason()).contains("charging decision");
    assertThat(exported.details()).containsEntry("recipient", "CPS Kent").containsEntry("count", "1").containsEntry("size", "7");
  }

  @Test
  @DisplayName("an officer the access policy refuses exports nothing, and the refusal is recorded")
  void refused() {
    IssuedInvitation link = requestAndInvite();
    submit(link, "cctv.mp4", "footage");
    EvidenceEngine allowing = engine;
    EvidenceEngine frozen = newEngine(b -> b.accessPolicy((officer, action, request) -> AccessDecision.deny("force-wide freeze")));
    assertThatThrownBy(() -> frozen.exports().exportRequest(WRIGHT, link.invitation().requestId(), CPS, dir.resolve("bag")))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.ACCESS_DENIED);
    assertThat(dir.resolve("bag")).doesNotExist();
    assertThat(allowing.officers().custodyEvents(WRIGHT, link.invitation().requestId(), "check"))
        .anyMatch(e -> e.action() == CustodyAction.ACCESS_REFUSED)
        .noneMatch(e -> e.action() == CustodyAction.EVIDENCE_EXPORTED);
  }

  @Test
  @DisplayName("a stored file that no longer matches its hash fails the export with INTEGRITY_FAILURE and records no export")
  void corruptedBlob() {
    IssuedInvitation link = requestAndInvite();
    EvidenceItem item = submit(link, "cctv.mp4", "footage");
    store.corrupt(new BlobId("mem/" + item.sha256().hex()));
    assertThatThrownBy(() -> engine.exports().exportRequest(WRIGHT, link.invitation().requestId(), CPS, dir.resolve("bag")))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INTEGRITY_FAILURE);
    assertThat(engine.officers().custodyEvents(WRIGHT, link.invitation().requestId(), "check"))
        .noneMatch(e -> e.action() == CustodyAction.EVIDENCE_EXPORTED)
        .anyMatch(e -> e.action() == CustodyAction.INTEGRITY_FAILURE);
  }

  @Test
  @DisplayName("a draft's files are not exported with its request, and a draft cannot be exported on its own")
  void draftsWait() {
    IssuedInvitation link = requestAndInvite();
    submit(link, "cctv.mp4", "footage");
    IssuedInvitation second = engine.officers().issueInvitation(WRIGHT, link.invitation().requestId(), "second camera");
    SubmissionId draft = engine.publicSide().startSubmission(second.token());
    engine.publicSide().addFile(second.token(), draft, "draft.mp4", "video/mp4", TestData.utf8("not yet"));

    ExportSummary summary = engine.exports().exportRequest(WRIGHT, link.invitation().requestId(), CPS, dir.resolve("bag"));

    assertThat(summary.files()).isEqualTo(1);
    assertThatThrownBy(() -> engine.exports().exportSubmission(WRIGHT, draft, CPS, dir.resolve("bag2")))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
  }

  @Test
  @DisplayName("a target directory that is not empty is refused before anything is read")
  void targetNotEmpty() throws Exception {
    IssuedInvitation link = requestAndInvite();
    submit(link, "cctv.mp4", "footage");
    Files.createDirectories(dir.resolve("bag"));
    Files.writeString(dir.resolve("bag/keep.txt"), "mine");
    assertThatThrownBy(() -> engine.exports().exportRequest(WRIGHT, link.invitation().requestId(), CPS, dir.resolve("bag")))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
    assertThat(Files.readString(dir.resolve("bag/keep.txt"))).isEqualTo("mine");
  }
}
