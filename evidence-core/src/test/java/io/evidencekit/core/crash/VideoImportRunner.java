package io.evidencekit.core.crash;

import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.Submission;
import io.evidencekit.api.video.ConsultationStatus;
import io.evidencekit.api.video.ImportReport;
import io.evidencekit.api.video.RequestMapping;
import io.evidencekit.api.video.VideoImportSettings;
import io.evidencekit.core.custody.AuditReport;
import io.evidencekit.core.testing.TestData;
import io.evidencekit.spi.ConsultationId;
import io.evidencekit.video.folder.FolderVideoSource;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;

/**
 * The child of {@link VideoImportKillTest}. On first start (no {@code request} file) it creates the request
 * the consultations go to and writes its id. Then it prints what the database holds: {@code ITEM <sha256>
 * <name>} per item, {@code REC <consultation> <recording> <item|-> <verified|-> <deleted|->} per recording of
 * consultations {@code vc-1} to {@code vc-N}, {@code AUDIT <intact> <size>}; then {@code READY}, runs one
 * import pass from the export folder, prints {@code REPORT <imported> <deleted>} and {@code DONE}.
 *
 * <p>Arguments: data directory, database ({@code h2} or a PostgreSQL URL), crash point, export folder, N.
 */
public final class VideoImportRunner {
  private VideoImportRunner() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    Path data = Path.of(args[0]);
    Path export = Path.of(args[3]);
    int consultations = Integer.parseInt(args[4]);
    Path requestFile = data.resolve("request");
    RequestId[] into = new RequestId[1];
    if (Files.exists(requestFile)) {
      into[0] = new RequestId(UUID.fromString(Files.readString(requestFile, StandardCharsets.US_ASCII).strip()));
    }
    ChildEngine child = new ChildEngine(data, args[1], args[2], out, b -> b
        .videoSource(new FolderVideoSource(export, "GoodSAM", Clock.systemUTC()))
        .videoImportSettings(VideoImportSettings.of(RequestMapping.existing(c -> into[0]), "mopi-3")));
    if (into[0] == null) {
      EvidenceRequest created = child.engine.officers().createRequest(TestData.WRIGHT, TestData.burglaryRequest());
      Files.writeString(requestFile, created.id().toString(), StandardCharsets.US_ASCII);
      into[0] = created.id();
    }
    for (Submission s : child.engine.officers().submissions(TestData.WRIGHT, into[0], "kill loop check")) {
      for (EvidenceItem item : s.items()) {
        out.println("ITEM " + item.sha256() + " " + item.submittedName());
      }
    }
    for (int n = 1; n <= consultations; n++) {
      try {
        ConsultationStatus status = child.engine.videoImport().status(new ConsultationId("vc-" + n));
        for (ConsultationStatus.RecordingStatus r : status.recordings()) {
          out.println("REC vc-" + n + " " + r.recording() + " " + r.item().map(Object::toString).orElse("-") + " "
              + r.verifiedAt().map(Object::toString).orElse("-") + " "
              + r.deletedAtSource().map(Object::toString).orElse("-"));
        }
      } catch (EvidenceException notListedYet) {
        // listed by a later run
      }
    }
    AuditReport audit = child.engine.custody().audit();
    out.println("AUDIT " + audit.intact() + " " + audit.treeSize());
    out.println("READY");
    out.flush();
    child.crash.arm();
    ImportReport report = child.engine.videoImport().importNew("kill loop import");
    synchronized (out) {
      out.println("REPORT " + report.recordingsImported() + " " + report.deletedAtSource());
      out.println("DONE");
      out.flush();
    }
    System.exit(0);
  }
}
