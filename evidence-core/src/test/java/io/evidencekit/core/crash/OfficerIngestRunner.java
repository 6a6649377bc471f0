package io.evidencekit.core.crash;

import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.IngestListener;
import io.evidencekit.api.IngestedFile;
import io.evidencekit.api.OfficerIngest;
import io.evidencekit.api.Receipt;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.Submission;
import io.evidencekit.core.custody.AuditReport;
import io.evidencekit.core.testing.TestData;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * The child of {@link OfficerIngestKillTest}. On first start (no {@code request} file) it creates the
 * request and writes its id; then it prints what the database holds ({@code ITEM <submission> <state>
 * <sha256> <path>} per item, {@code AUDIT <intact> <size>}), {@code READY}, and ingests the source folder
 * as the officer, printing {@code FILE <new|already> <sha256> <path>} as each file is finished (recorded,
 * or recognised) and {@code RECEIPT <submission> <files>} with a {@code LINE <sha256> <path>} per file at
 * the end, then {@code DONE}.
 *
 * <p>Arguments: data directory, database ({@code h2} or a PostgreSQL URL), crash point, source folder.
 */
public final class OfficerIngestRunner {
  private OfficerIngestRunner() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    Path data = Path.of(args[0]);
    ChildEngine child = new ChildEngine(data, args[1], args[2], out);
    Path source = Path.of(args[3]);
    Path requestFile = data.resolve("request");
    RequestId request;
    if (Files.exists(requestFile)) {
      request = new RequestId(UUID.fromString(Files.readString(requestFile, StandardCharsets.US_ASCII).strip()));
    } else {
      EvidenceRequest created = child.engine.officers().createRequest(TestData.WRIGHT, TestData.burglaryRequest());
      Files.writeString(requestFile, created.id().toString(), StandardCharsets.US_ASCII);
      request = created.id();
    }
    for (Submission s : child.engine.officers().submissions(TestData.WRIGHT, request, "kill loop check")) {
      for (EvidenceItem item : s.items()) {
        out.println("ITEM " + s.id() + " " + s.state() + " " + item.sha256() + " " + item.submittedName());
      }
    }
    AuditReport audit = child.engine.custody().audit();
    out.println("AUDIT " + audit.intact() + " " + audit.treeSize() + " " + audit);
    out.println("READY");
    out.flush();
    child.crash.arm();
    OfficerIngest result = child.engine.officers().ingestFiles(TestData.WRIGHT, request, List.of(source),
        "exhibit DW/1, kill loop", new IngestListener() {
          @Override
          public void fileFinished(IngestedFile file) {
            synchronized (out) {
              out.println("FILE " + (file.alreadyIngested() ? "already" : "new") + " " + file.sha256() + " "
                  + file.relativePath());
              out.flush();
            }
          }
        });
    synchronized (out) {
      if (result.receipt().isPresent()) {
        Receipt receipt = result.receipt().get();
        out.println("RECEIPT " + receipt.submissionId() + " " + receipt.files().size());
        for (Receipt.Line line : receipt.files()) {
          out.println("LINE " + line.sha256() + " " + line.name());
        }
      }
      out.println("DONE");
      out.flush();
    }
    System.exit(0);
  }
}
