package io.evidencekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.Receipt;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The example force system (the README's first command)")
class ForceSystemTest {

  @Test
  @DisplayName("runs request -> invite -> upload -> notify -> custody verify end to end, with both emails really sent over SMTP, shows malware scanning (a clean and a detected file) when clamd is installed, or says it is off, and disposes of a request closed as not relevant with a certificate while a held one survives and the audit stays intact")
  void scenarioRunsEndToEnd(@TempDir Path data) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Receipt receipt = new ForceSystem(new PrintStream(bytes, true, StandardCharsets.UTF_8)).runScenario(data);
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(receipt.files()).hasSize(2);
    assertThat(out)
        .contains("Hello D Smith, D. Wright has requested evidence from you.")
        .contains("Link is valid for 10 days")
        .contains("Replies to this message are not monitored.")
        .contains("Evidence received: " + receipt.reference() + " (2 files)")
        .contains("I agree that these 2 files are relevant to the incident.")
        .contains("OK, matches the receipt")
        .doesNotContain("MISMATCH")
        .contains("OFFICER_NOTIFIED")
        .contains("evidencekit.kent.police.example/custody")
        .contains("checkpoint signature: VERIFIED with the published key")
        .contains("\"leafIdx\"")
        .contains("audit of the whole log: INTACT")
        .doesNotContain("FAILED")
        .doesNotContain("TAMPERED")
        .contains("disclosure package: VERIFIED")
        .contains("Done: request -> invite -> upload -> notify -> custody verified -> disclosed and the package verified"
            + " -> retention -> video calls imported.");
    // Step 10: the consultation with consent is imported and purged from the export; the other is held, then discarded.
    assertThat(out)
        .containsPattern("vc-\\d+-1: IMPORTED, 1 recording\\(s\\) imported")
        .containsPattern("vc-\\d+-2: HELD_FOR_DECISION, 0 recording\\(s\\) imported")
        .contains("1 imported, 1 purged from the export after the stored copy was re-read and matched")
        .contains("still at source: 0")
        .containsPattern("VIDEO_CONSENT_RECORDED \\{.*decision=GIVEN.*recordingNotice=true.*source=video:GoodSAM")
        .containsPattern("VIDEO_DELETED_AT_SOURCE \\{.*outcome=verified copy kept")
        .containsPattern("held for a supervisor: vc-\\d+-2 \\(NO_CONSENT_RECORD\\), nothing of it imported")
        .containsPattern("decides DISCARD_AT_SOURCE: vc-\\d+-2 is now DISCARDED")
        .contains("quality review recorded (ADVICE_GIVEN); a complaint CO/2026/0042 puts 1 legal hold(s)")
        .contains("evidencekit.jar video import --data");
    // Step 9: retention. The not-relevant request is scheduled, then disposed of with a certificate; the held one survives.
    assertThat(out)
        .contains("9. Retention: a request closed as not relevant is disposed of with a certificate; one on legal hold survives")
        .containsPattern("retention\\(\\)\\.explain\\(46/\\d{5}/\\d{2}\\): category community-not-relevant, state KEPT")
        .containsPattern("\\* community-not-relevant-31-days then DISPOSE: started \\d{4}-\\d{2}-\\d{2}, ends \\d{4}-\\d{2}-\\d{2}")
        .contains("sweep as of 35 days later: 2 evaluated, 1 disposal(s) scheduled, 0 disposed of, 1 held by a legal hold")
        .contains("but a legal hold stands")
        .contains("sweep as of 40 days later: 0 evaluated, 0 disposal(s) scheduled, 1 disposed of, 0 held by a legal hold")
        .containsPattern("#\\d+ DISPOSAL_CERTIFIED for 46/\\d{5}/\\d{2}:")
        .contains("is now DISPOSED")
        .contains("is HELD (under the legal hold), its evidence intact:")
        .containsPattern("gabriels-hill-cctv\\.mp4: OK, matches the receipt")
        .containsPattern("audit of the whole log after disposal: INTACT \\(\\d+ events recomputed, [1-9]\\d* bodies redacted under a disposal certificate\\)")
        .contains("evidencekit.jar retention sweep --data ");
    if (DemoClamd.binary().isPresent()) {
      assertThat(out)
          .contains("Malware scanning is ON")
          .contains("Malware scan: 2 clean, 0 infected, 0 not scanned yet")
          .contains("Malware scan: 1 clean, 1 infected, 0 not scanned yet")
          .contains("statement.txt: CLEAN")
          .contains("player-setup.exe: INFECTED")
          .contains("[" + DemoClamd.SIGNATURE)
          .contains("openItem refuses it: ITEM_QUARANTINED")
          .contains("as application/octet-stream, kept byte for byte (sha256 true)")
          .contains("WARNING: malware detected")
          .contains("exporting the whole request is refused: ITEM_QUARANTINED");
    } else {
      assertThat(out).contains("Malware scanning is OFF").contains("doorbell.mp4: PENDING");
    }
    if (DemoClips.available()) {
      assertThat(out)
          .contains("Media inspection is ON (ffprobe ")
          .contains("front-camera 01.00-03.00.mp4: plays 20 s, recorded 2024-05-03T01:10:00Z to 2024-05-03T01:10:20Z")
          .contains("doorbell.mp4: plays 8 s, recorded 2024-05-03T14:02:00Z to 2024-05-03T14:02:08Z  WARNING OUTSIDE_WINDOW")
          .contains("What the files hold:")
          .contains("front-camera 01.00-03.00.mp4: plays for 00:00:20, recorded ")
          .contains("Warning: recorded outside the times asked for (High Street cameras: ");
    } else {
      assertThat(out).contains("Media inspection is OFF");
    }
    for (Receipt.Line line : receipt.files()) {
      assertThat(out).contains(line.sha256().hex());
      assertThat(out).containsPattern("#\\d+ ITEM_RECEIVED " + java.util.regex.Pattern.quote(line.name())
          + ": inclusion in the tree of \\d+ VERIFIED");
    }
    // What it leaves for the command-line tool verifies with the library's own checks.
    var key = io.evidencekit.verify.NoteVerifierKey.parse(java.nio.file.Files.readString(data.resolve("checkpoint.vkey")).strip());
    var checkpoint = io.evidencekit.verify.Checkpoint.verify(java.nio.file.Files.readAllBytes(data.resolve("checkpoint.txt")), key);
    var proof = io.evidencekit.verify.ProofJson.readInclusion(java.nio.file.Files.readString(data.resolve("inclusion-proof.json")));
    assertThat(proof.verify().valid()).isTrue();
    assertThat(proof.root()).isEqualTo(checkpoint.root());
    // The key that signed is the one in the data directory's settings, which the evidencekit tool reads too.
    assertThat(io.evidencekit.core.EngineSettingsFile.read(data).checkpointSigner().verifierKey()).isEqualTo(key);
  }
}
