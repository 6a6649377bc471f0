package io.evidencekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.Actor;
import io.evidencekit.api.Declaration;
import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.api.NewEvidenceRequest;
import io.evidencekit.api.PhoneNumber;
import io.evidencekit.api.Recipient;
import io.evidencekit.api.RequestingOfficer;
import io.evidencekit.api.ScanState;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.core.EngineSettingsFile;
import io.evidencekit.core.EvidenceEngine;
import io.evidencekit.tck.tools.ExternalTool;
import io.evidencekit.tck.tools.RequiresTool;
import java.io.ByteArrayInputStream;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evidencekit scan} against a real clamd of the test's own (skipped, or failed when required, without clamd). */
@DisplayName("evidencekit scan with a real clamd")
@RequiresTool(ExternalTool.CLAMD)
class ScanWithClamdTest {
  private static final Actor.Officer WRIGHT = Actor.Officer.of("pc-4471", "Wright, D.");

  @TempDir Path dir;
  private Path data;

  @BeforeEach
  void submittedFiles() {
    data = dir.resolve("data");
    EngineSettingsFile.createIfAbsent(data, Map.of(EngineSettingsFile.FORCE_CODE, "46",
        EngineSettingsFile.PORTAL_LINK_BASE, "https://evidence.example/r/"), new SecureRandom());
    withEngine(engine -> {
      var request = engine.officers().createRequest(WRIGHT, new NewEvidenceRequest("Burglary, 14 High Street",
          "CCTV 01:00-03:00 on 3 May", new RequestingOfficer("pc-4471", "Wright, D.",
              new EmailAddress("d.wright@kent.police.example"), new PhoneNumber("+441622690690")),
          Recipient.byEmail("D Smith", "d.smith@example.org")));
      IssuedInvitation link = engine.officers().issueInvitation(WRIGHT, request.id(), "initial request");
      SubmissionId s = engine.publicSide().startSubmission(link.token());
      engine.publicSide().addFile(link.token(), s, "statement.txt", "text/plain", text("a grey van at 02:10"));
      engine.publicSide().addFile(link.token(), s, "setup.exe", "application/octet-stream",
          text("MZ " + TestClamd.MARKER + " end"));
      engine.publicSide().submit(link.token(), s, Optional.empty(), Declaration.of(2));
      return null;
    });
  }

  @Test
  @DisplayName("scans the queue with a real clamd, shows progress and the totals; --all after that scans nothing again while the signatures are the same")
  void scansWithClamd() throws Exception {
    try (io.evidencekit.scan.clamav.LocalClamd clamd = TestClamd.start(dir.resolve("clamd")).orElseThrow()) {
      CliRun run = run("scan", "--data", data.toString(), "--clamd-socket", clamd.socket().toString());
      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.err()).contains("scanning with ClamAV").contains("100%").contains("2 / 2 items");
      assertThat(run.out()).contains("items: 1 clean, 1 infected (quarantined), 0 could not be scanned, 0 not scanned yet");

      CliRun again = run("scan", "--data", data.toString(), "--clamd-socket", clamd.socket().toString(), "--all");
      assertThat(again.exit()).as(again.err()).isZero();
      assertThat(again.err()).contains("1 items queued for a new scan");
      assertThat(again.out()).contains("items: 1 clean, 1 infected (quarantined)");
    }
    Map<ScanState, Integer> states = withEngine(engine -> engine.scanning().itemsByState());
    assertThat(states).containsEntry(ScanState.CLEAN, 1).containsEntry(ScanState.INFECTED, 1);
  }

  private <T> T withEngine(Function<EvidenceEngine, T> use) {
    return CliRun.withEngine(data, use);
  }

  private static ByteArrayInputStream text(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }
}
