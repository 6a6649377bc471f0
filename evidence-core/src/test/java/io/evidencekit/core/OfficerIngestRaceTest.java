package io.evidencekit.core;

import static io.evidencekit.core.testing.TestData.WRIGHT;
import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.IngestListener;
import io.evidencekit.api.IngestedFile;
import io.evidencekit.api.OfficerIngest;
import io.evidencekit.api.Submission;
import io.evidencekit.core.testing.DatabaseKind;
import io.evidencekit.core.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A file of an officer's ingest is recorded under who ingested it, from which path, with which content
 * (issue 18), unique in the request: so two runs of the same ingest at once, as after a crash an officer
 * might start while the first is still going, record each file once.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("An officer's ingest run twice at once")
class OfficerIngestRaceTest extends EngineTestBase {

  @Test
  @DisplayName("records each file once, and each file is reported new by exactly one of the two runs")
  void twoRunsAtOnce() throws Exception {
    Path export = Files.createDirectories(dir.resolve("usb").resolve("EXPORT"));
    for (int i = 0; i < 8; i++) {
      Files.writeString(export.resolve("clip" + i + ".264"), "camera bytes " + i, StandardCharsets.UTF_8);
    }
    EvidenceRequest request = engine.officers().createRequest(WRIGHT, TestData.burglaryRequest());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<OfficerIngest> runs = new ArrayList<>();
    try {
      Callable<OfficerIngest> run = () -> engine.officers().ingestFiles(WRIGHT, request.id(), List.of(export),
          "exhibit DW/1", new IngestListener() { });
      for (Future<OfficerIngest> f : pool.invokeAll(List.of(run, run))) {
        runs.add(f.get());
      }
    } finally {
      pool.shutdown();
    }

    List<String> recorded = new ArrayList<>();
    for (Submission s : engine.officers().submissions(WRIGHT, request.id(), "check")) {
      s.items().stream().map(EvidenceItem::submittedName).forEach(recorded::add);
    }
    assertThat(recorded).hasSize(8).doesNotHaveDuplicates();
    List<String> reportedNew = new ArrayList<>();
    runs.forEach(r -> r.files().stream().filter(f -> !f.alreadyIngested()).map(IngestedFile::relativePath)
        .forEach(reportedNew::add));
    assertThat(reportedNew).containsExactlyInAnyOrderElementsOf(recorded);
  }
}
