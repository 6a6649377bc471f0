package io.evidencekit.core;

import static io.evidencekit.core.testing.TestData.OTHER_OFFICER;
import static io.evidencekit.core.testing.TestData.WRIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.Declaration;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.core.testing.DatabaseKind;
import io.evidencekit.core.testing.TestData;
import io.evidencekit.verify.BagReport;
import io.evidencekit.verify.BagVerifier;
import io.evidencekit.verify.OfflineVerifier;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("Disclosure packages as zips, of several requests, with earlier checkpoints and a PDF schedule")
class ExportFormsTest extends EngineTestBase {
  private static final ExportOrder CPS = new ExportOrder("CPS Kent", "charging decision", "Kent Police");

  private EvidenceItem submit(IssuedInvitation link, String name, String content) {
    SubmissionId s = engine.publicSide().startSubmission(link.token());
    EvidenceItem item = engine.publicSide().addFile(link.token(), s, name, "video/mp4", TestData.utf8(content));
    engine.publicSide().submit(link.token(), s, Optional.empty(), Declaration.of(1));
    return item;
  }

  private BagReport verify(Path bag) {
    return new BagVerifier(OfflineVerifier.trusting(engine.custody().publicKey())).verify(bag);
  }

  @Test
  @DisplayName("a zip file holds the same bag under one directory, verifies in place, and its entries are those of the directory export")
  void zipFile() throws Exception {
    IssuedInvitation link = requestAndInvite();
    submit(link, "front.mp4", "front footage");
    RequestId request = link.invitation().requestId();
    Path zip = dir.resolve("package-46.zip");
    List<Long> progress = new ArrayList<>();

    ExportSummary summary = engine.exports().exportRequests(WRIGHT, List.of(request), CPS, new ExportTarget.ZipFile(zip),
        new ExportProgress() {
          @Override
          public void started(int files, long bytes) {
            progress.add((long) files);
            progress.add(bytes);
          }

          @Override
          public void progress(long bytesDone) {
            progress.add(bytesDone);
          }
        });

    assertThat(summary.location()).isEqualTo(zip.toAbsolutePath().toString());
    assertThat(progress).startsWith(1L, (long) "front footage".length()).endsWith((long) "front footage".length());
    BagReport report = verify(zip);
    assertThat(report.problems()).isEmpty();
    assertThat(report.valid()).isTrue();
    try (FileSystem fs = FileSystems.newFileSystem(zip, Map.of())) {
      Path root = fs.getPath("/package-46");
      assertThat(Files.readString(root.resolve("data/001-front.mp4"))).isEqualTo("front footage");
      assertThat(Files.exists(root.resolve("tagmanifest-sha256.txt"))).isTrue();
      assertThat(Files.exists(root.resolve("schedule/exhibits.pdf"))).isTrue();
    }
    assertThatThrownBy(() -> engine.exports().exportRequest(WRIGHT, request, CPS, zip))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
  }

  @Test
  @DisplayName("a zip streamed to the caller's stream is complete and verifiable, and the stream is left open for its owner")
  void zipStream() throws Exception {
    IssuedInvitation link = requestAndInvite();
    submit(link, "front.mp4", "front footage");
    boolean[] closed = {false};
    ByteArrayOutputStream out = new ByteArrayOutputStream() {
      @Override
      public void close() {
        closed[0] = true;
      }
    };

    engine.exports().exportRequests(WRIGHT, List.of(link.invitation().requestId()), CPS,
        new ExportTarget.ZipStream(out, "bag-46"), ExportProgress.NONE);

    assertThat(closed[0]).isFalse();
    Path zip = dir.resolve("received.zip");
    Files.write(zip, out.toByteArray());
    assertThat(verify(zip).valid()).isTrue();
    assertThatThrownBy(() -> new ExportTarget.ZipStream(out, "../evil"))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
  }

  @Test
  @DisplayName("several requests go into one package: every file, every request's events, one export event per request; a request refused to the officer stops the whole export")
  void severalRequests() throws Exception {
    IssuedInvitation first = requestAndInvite();
    submit(first, "a.mp4", "first");
    IssuedInvitation second = requestAndInvite();
    submit(second, "b.mp4", "second");
    List<RequestId> both = List.of(first.invitation().requestId(), second.invitation().requestId());
    Path bag = dir.resolve("both");

    ExportSummary summary = engine.exports().exportRequests(WRIGHT, both, CPS, new ExportTarget.Directory(bag),
        ExportProgress.NONE);

    assertThat(summary.files()).isEqualTo(2);
    assertThat(verify(bag).valid()).isTrue();
    String events = Files.readString(bag.resolve("custody/events.jsonl"));
    for (RequestId id : both) {
      assertThat(events).contains(id.toString());
      assertThat(exports(id)).hasSize(1);
    }
    assertThat(Files.readString(bag.resolve("bag-info.txt"))).containsPattern("External-Identifier: 46/\\d+/24, 46/\\d+/24");
    assertThatThrownBy(() -> engine.exports().exportRequests(WRIGHT, List.of(both.get(0), both.get(0)), CPS,
        new ExportTarget.Directory(dir.resolve("twice")), ExportProgress.NONE))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
    assertThatThrownBy(() -> engine.exports().exportRequests(OTHER_OFFICER, both, CPS,
        new ExportTarget.Directory(dir.resolve("refused")), ExportProgress.NONE))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.ACCESS_DENIED);
    assertThat(exports(both.get(0))).hasSize(1);
  }

  @Test
  @DisplayName("earlier checkpoints a recipient may hold travel with a consistency proof each, which the verifier checks; an altered proof is named")
  void earlierCheckpoints() throws Exception {
    IssuedInvitation link = requestAndInvite();
    submit(link, "a.mp4", "first");
    long older = engine.custody().checkpoint().size();
    submit(link, "b.mp4", "second");
    long newer = engine.custody().checkpoint().size();
    Path bag = dir.resolve("bag");

    ExportSummary summary = engine.exports().exportRequest(WRIGHT, link.invitation().requestId(), CPS, bag);

    assertThat(summary.earlierCheckpoints()).isEqualTo(2);
    assertThat(bag.resolve("custody/earlier/" + older + ".checkpoint")).exists();
    assertThat(bag.resolve("custody/consistency/" + newer + ".json")).exists();
    BagReport report = verify(bag);
    assertThat(report.valid()).isTrue();
    assertThat(report.checked()).anySatisfy(line -> assertThat(line).startsWith("2 earlier checkpoints signed by the trusted key"));

    Path proof = bag.resolve("custody/consistency/" + older + ".json");
    String json = Files.readString(proof);
    String altered = json.replaceFirst("(\"root1\" : \")[A-Za-z0-9+/]", "$1" + (json.contains("\"root1\" : \"A") ? "B" : "A"));
    assertThat(altered).isNotEqualTo(json);
    Files.writeString(proof, altered);
    assertThat(verify(bag).problems()).anySatisfy(p -> assertThat(p).startsWith("custody/consistency/" + older + ".json"));
  }

  @Test
  @DisplayName("the PDF schedule holds the MG11 statement and the SHA-256 of every exhibit, and a name outside the standard fonts prints as '?'")
  void pdfSchedule() throws Exception {
    IssuedInvitation link = requestAndInvite();
    EvidenceItem item = submit(link, "\u5317\u4eac-camera.mp4", "footage");
    Path bag = dir.resolve("bag");
    engine.exports().exportRequest(WRIGHT, link.invitation().requestId(), CPS, bag);

    try (PDDocument pdf = Loader.loadPDF(Files.readAllBytes(bag.resolve("schedule/exhibits.pdf")))) {
      String text = new PDFTextStripper().getText(pdf).replaceAll("\\s+", " ");
      assertThat(text).contains("I produce as exhibit DW/1 a copy of the file").contains("??-camera.mp4")
          .contains(item.sha256().hex().substring(0, 40)).contains("ITEM_RECEIVED");
    }
    assertThat(Files.readString(bag.resolve("schedule/exhibits.html"), StandardCharsets.UTF_8)).contains("\u5317\u4eac-camera.mp4");
  }

  private List<CustodyEvent> exports(RequestId id) {
    return engine.officers().custodyEvents(WRIGHT, id, "check").stream()
        .filter(e -> e.action() == CustodyAction.EVIDENCE_EXPORTED).toList();
  }
}
