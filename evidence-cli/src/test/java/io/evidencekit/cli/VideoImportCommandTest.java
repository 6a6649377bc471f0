package io.evidencekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.Actor;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.ForceReference;
import io.evidencekit.api.NewEvidenceRequest;
import io.evidencekit.api.PhoneNumber;
import io.evidencekit.api.Recipient;
import io.evidencekit.api.RequestingOfficer;
import io.evidencekit.core.EngineSettingsFile;
import io.evidencekit.core.EvidenceEngine;
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

@DisplayName("evidencekit video import")
class VideoImportCommandTest {
  private static final Actor.Officer WRIGHT = Actor.Officer.of("pc-4471", "Wright, D.");

  @TempDir Path dir;
  private Path data;
  private Path export;
  private String reference;

  @BeforeEach
  void requestAndExport() throws Exception {
    data = dir.resolve("data");
    EngineSettingsFile.createIfAbsent(data, Map.of(EngineSettingsFile.FORCE_CODE, "46",
        EngineSettingsFile.PORTAL_LINK_BASE, "https://evidence.example/r/",
        EngineSettingsFile.LOG_ORIGIN, "evidencekit.test.police.example/custody"), new SecureRandom());
    reference = withEngine(engine -> engine.officers().createRequest(WRIGHT, new NewEvidenceRequest(
        "Rapid Video Response, CAD-4002", "Recorded video consultations of the call",
        new RequestingOfficer("pc-4471", "Wright, D.", new EmailAddress("d.wright@kent.police.example"),
            new PhoneNumber("+441622690690")),
        Recipient.byEmail("Video desk", "video.desk@kent.police.example"))).reference().value());
    export = Files.createDirectories(dir.resolve("goodsam-export"));
    consultation("vc-0042", "2026-11-02T22:00:00Z", "front door, hallway", true);
    consultation("vc-0043", "2026-11-02T23:00:00Z", "garden", false);
  }

  @Test
  @DisplayName("imports the consultation with consent, purges it from the export only after, holds the one without, and a second run records nothing twice")
  void importsHoldsAndPurges() throws Exception {
    CliRun first = run("video", "import", "--data", data.toString(), "--folder", export.toString(), "--request", reference,
        "--officer", "pc-4471", "--officer-name", "Wright, D.");

    assertThat(first.exit()).as(first.err() + first.out()).isEqualTo(1); // one consultation waits for a supervisor
    assertThat(first.err()).contains("2 consultations listed").contains("100%");
    assertThat(first.out())
        .containsPattern("vc-0042 +IMPORTED +1 imported")
        .containsPattern("vc-0043 +HELD_FOR_DECISION +0 imported")
        .contains("1 recordings imported, 1 removed from the export after verification")
        .contains("held for a supervisor's decision: vc-0043 (call CAD-4002), NO_CONSENT_RECORD")
        .doesNotContain("Sam Caller");
    assertThat(export.resolve("vc-0042-1.mp4")).doesNotExist();
    assertThat(export.resolve("done").resolve("vc-0042").resolve("vc-0042-1.mp4")).exists();
    assertThat(export.resolve("vc-0043-1.mp4")).exists(); // held: still at the source, untouched

    CliRun second = run("video", "import", "--data", data.toString(), "--folder", export.toString(), "--request", reference,
        "--officer", "pc-4471", "--quiet");
    assertThat(second.err()).isEmpty();
    assertThat(second.out()).contains("0 recordings imported").doesNotContain("vc-0042 ");

    List<CustodyEvent> events = withEngine(engine -> {
      EvidenceRequest request = engine.officers().requestByReference(WRIGHT, new ForceReference(reference), "check");
      return engine.officers().custodyEvents(WRIGHT, request.id(), "check");
    });
    assertThat(events).filteredOn(e -> e.action() == CustodyAction.ITEM_RECEIVED).singleElement()
        .satisfies(e -> assertThat(e.details().toString()).contains(sha256("recording of vc-0042")));
  }

  @Test
  @DisplayName("a request that does not exist is refused with exit 1 and nothing leaves the export")
  void unknownRequest() throws Exception {
    CliRun run = run("video", "import", "--data", data.toString(), "--folder", export.toString(), "--request", "46/99999/26",
        "--officer", "sgt-1001");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("import refused (NOT_FOUND)");
    assertThat(export.resolve("vc-0042-1.mp4")).exists();
  }

  @Test
  @DisplayName("a missing export folder or data directory is a usage error, exit 2")
  void usage() {
    assertThat(run("video", "import", "--data", data.toString(), "--folder", dir.resolve("nowhere").toString(),
        "--request", reference, "--officer", "sgt-1001").exit()).isEqualTo(2);
    CliRun noData = run("video", "import", "--data", dir.resolve("no-data").toString(), "--folder", export.toString(),
        "--request", reference, "--officer", "sgt-1001");
    assertThat(noData.exit()).isEqualTo(2);
    assertThat(noData.err()).contains("cannot import");
    assertThat(run("video").exit()).isEqualTo(2);
  }

  /** A consultation as the platform's bulk export writes it: the media file, then its manifest. */
  private void consultation(String id, String end, String othersPresent, boolean consent) throws IOException {
    String media = "recording of " + id;
    Files.writeString(export.resolve(id + "-1.mp4"), media);
    String consentJson = !consent ? "null" : """
        { "givenBy": "Sam Caller", "at": "2026-11-02T21:33:10Z", "method": "SPOKEN_ON_CALL", "decision": "GIVEN",
          "recordingNoticeGiven": true, "othersPresent": ["%s"], "collateralIntrusionNote": "Camera kept on the door." }"""
        .formatted(othersPresent);
    Files.writeString(export.resolve(id + ".json"), """
        {
          "format": "evidencekit-video-export/1",
          "consultationId": "%s",
          "callReference": "CAD-4002",
          "officer": { "userId": "pc-4471", "displayName": "Wright, D." },
          "caller": "Sam Caller",
          "start": "2026-11-02T21:35:00Z",
          "end": "%s",
          "recordings": [ { "id": "rec-1", "file": "%s-1.mp4", "size": %d, "mediaType": "video/mp4" } ],
          "consent": %s
        }""".formatted(id, end, id, media.getBytes(StandardCharsets.UTF_8).length, consentJson));
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
