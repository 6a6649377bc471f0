package io.evidencekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.Actor;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.NewEvidenceRequest;
import io.evidencekit.api.PhoneNumber;
import io.evidencekit.api.Recipient;
import io.evidencekit.api.RequestingOfficer;
import io.evidencekit.api.Submission;
import io.evidencekit.core.EngineSettingsFile;
import io.evidencekit.core.EvidenceEngine;
import io.evidencekit.verify.Ed25519CheckpointSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("evidencekit ingest")
class IngestCommandTest {
  private static final Actor.Officer WRIGHT = Actor.Officer.of("pc-4471", "Wright, D.");
  private static final String ORIGIN = "evidencekit.test.police.example/custody";

  @TempDir Path dir;
  private Path data;
  private Path export;
  private String reference;

  @BeforeEach
  void requestAndExport() throws IOException {
    data = dir.resolve("data");
    // What the host system writes into its data directory, as the example force system does.
    EngineSettingsFile.createIfAbsent(data, Map.of(EngineSettingsFile.FORCE_CODE, "46",
        EngineSettingsFile.PORTAL_LINK_BASE, "https://evidence.example/r/", EngineSettingsFile.LOG_ORIGIN, ORIGIN,
        EngineSettingsFile.REFERENCE_PATTERN, "{force}/EV{seq:4}/{yy}"), new SecureRandom());
    reference = withEngine(engine -> engine.officers().createRequest(WRIGHT, new NewEvidenceRequest("Burglary, 14 High Street",
        "CCTV 01:00-03:00 on 3 May", new RequestingOfficer("pc-4471", "Wright, D.",
            new EmailAddress("d.wright@kent.police.example"), new PhoneNumber("+441622690690")),
        Recipient.byEmail("D Smith", "d.smith@example.org"))).reference().value());
    export = Files.createDirectories(dir.resolve("usb").resolve("EXPORT"));
    Files.writeString(export.resolve("Player.exe"), "MZ player");
    Files.writeString(Files.createDirectories(export.resolve("CAM01")).resolve("clip.264"), "camera one footage");
  }

  @Test
  @DisplayName("ingests a CCTV export folder, shows progress on stderr and prints a receipt with each file's SHA-256")
  void ingestsAndPrintsReceipt() throws Exception {
    CliRun run = run("ingest", "--request", reference, "--data", data.toString(), "--officer", "pc-4471",
        "--officer-name", "Wright, D.", "--reason", "exhibit DW/1", export.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).contains("ingesting 2 files").contains("100%").contains("left");
    assertThat(run.out()).contains("Receipt: " + reference)
        .contains(sha256("camera one footage") + "  " + String.format("%14d", 18) + "  EXPORT/CAM01/clip.264")
        .contains(sha256("MZ player")).contains("EXPORT/Player.exe")
        .contains("2 files ingested now, 0 already ingested before");
    List<Submission> submissions = withEngine(engine -> {
      EvidenceRequest request = engine.officers().requestByReference(WRIGHT, new io.evidencekit.api.ForceReference(reference), "check");
      assertThat(engine.officers().custodyEvents(WRIGHT, request.id(), "check"))
          .filteredOn(e -> e.action() == CustodyAction.ITEM_RECEIVED)
          .allSatisfy(e -> assertThat(e.actor()).isEqualTo(WRIGHT));
      return engine.officers().submissions(WRIGHT, request.id(), "check");
    });
    assertThat(submissions).singleElement().satisfies(s -> assertThat(s.items()).hasSize(2));
  }

  @Test
  @DisplayName("running the same command again records nothing new and says so")
  void reRunIsSafe() throws Exception {
    String[] args = {"ingest", "--request", reference, "--data", data.toString(), "--officer", "pc-4471", "--quiet",
        export.toString()};
    assertThat(run(args).exit()).isZero();

    CliRun again = run(args);

    assertThat(again.exit()).isZero();
    assertThat(again.out()).contains("All 2 files were already ingested; nothing new was recorded.");
    assertThat(again.err()).isEmpty();
  }

  @Test
  @DisplayName("an unknown request or an officer without rights exits 1 with the reason, and records nothing")
  void failures() {
    CliRun unknown = run("ingest", "--request", "46/99999/24", "--data", data.toString(), "--officer", "pc-4471",
        export.toString());
    CliRun refused = run("ingest", "--request", reference, "--data", data.toString(), "--officer", "pc-9001",
        export.toString());

    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("NOT_FOUND");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("ACCESS_DENIED");
    List<Submission> submissions = withEngine(engine -> engine.officers().submissions(WRIGHT,
        engine.officers().requestByReference(WRIGHT, new io.evidencekit.api.ForceReference(reference), "check").id(), "check"));
    assertThat(submissions).isEmpty();
  }

  @Test
  @DisplayName("the engine runs with the data directory's settings: a checkpoint made after the ingest verifies with "
      + "the key the host wrote, and the host's reference pattern holds")
  void usesTheDataDirectorysKey() throws Exception {
    Path checkpoint = dir.resolve("after-ingest.checkpoint");
    CliRun run = run("ingest", "--request", reference, "--data", data.toString(), "--officer", "pc-4471", "--quiet",
        "--checkpoint", checkpoint.toString(), export.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(reference).matches("46/EV\\d{4}/\\d{2}");

    // The key as the host wrote it, read here without evidencekit's settings class: 32 raw bytes.
    byte[] hostKey = Files.readAllBytes(data.resolve("checkpoint.key"));
    String vkey = Ed25519CheckpointSigner.fromPrivateKey(ORIGIN, hostKey).verifierKey().vkey();
    CliRun verified = run("log", "checkpoint", "--verify", "--key", vkey, checkpoint.toString());
    assertThat(verified.exit()).as(verified.err()).isZero();
    assertThat(verified.out()).contains("checkpoint of " + ORIGIN);
    String otherKey = Ed25519CheckpointSigner.generate(ORIGIN, new SecureRandom()).verifierKey().vkey();
    assertThat(run("log", "checkpoint", "--verify", "--key", otherKey, checkpoint.toString()).exit()).isEqualTo(1);
  }

  @Test
  @DisplayName("a data directory without settings is a configuration error, exit 2, and nothing is created")
  void noSettings() {
    Path empty = dir.resolve("empty");
    CliRun run = run("ingest", "--request", reference, "--data", empty.toString(), "--officer", "pc-4471", export.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("cannot ingest").contains(EngineSettingsFile.FILE_NAME).contains("does not exist");
    assertThat(Files.exists(empty)).isFalse();
  }

  @Test
  @DisplayName("no path is a usage error, exit 2")
  void usage() {
    assertThat(run("ingest", "--request", reference, "--data", data.toString(), "--officer", "pc-4471").exit()).isEqualTo(2);
  }

  private <T> T withEngine(Function<EvidenceEngine, T> use) {
    return CliRun.withEngine(data, use);
  }

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
