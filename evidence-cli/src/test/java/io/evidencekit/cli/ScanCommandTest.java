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

@DisplayName("evidencekit scan")
class ScanCommandTest {
  // The test with a real clamd is in ScanWithClamdTest.
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
  @DisplayName("a clamd that cannot be reached scans nothing and exits 1, saying where it looked")
  void clamdDown() {
    Path nowhere = dir.resolve("no-clamd.sock");
    CliRun run = run("scan", "--data", data.toString(), "--clamd-socket", nowhere.toString(), "--all");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("clamd cannot be reached at " + nowhere).contains("nothing was scanned");
    Map<ScanState, Integer> states = withEngine(engine -> engine.scanning().itemsByState());
    assertThat(states).containsEntry(ScanState.PENDING, 2);
  }

  @Test
  @DisplayName("a data directory without the engine's settings is a configuration error, exit 2, and nothing is created")
  void noSettings() {
    Path empty = dir.resolve("empty");
    CliRun run = run("scan", "--data", empty.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("cannot scan").contains(EngineSettingsFile.FILE_NAME);
    assertThat(empty).doesNotExist();
  }

  @Test
  @DisplayName("--help shows the options and the exit codes")
  void help() {
    CliRun run = run("scan", "--help");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("--all").contains("--clamd-socket").contains("Exit codes:");
  }

  @Test
  @DisplayName("a TCP address without a port is a usage error, exit 2")
  void usage() {
    assertThat(run("scan", "--data", data.toString(), "--clamd-tcp", "localhost").exit()).isEqualTo(2);
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
