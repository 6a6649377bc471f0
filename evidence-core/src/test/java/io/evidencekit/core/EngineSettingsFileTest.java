package io.evidencekit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.core.testing.MemoryBlobStore;
import io.evidencekit.core.testing.TestData;
import io.evidencekit.verify.Ed25519CheckpointSigner;
import io.evidencekit.verify.OfflineVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The engine settings file in a data directory (evidencekit.properties)")
class EngineSettingsFileTest {
  private static final Map<String, String> HOST = Map.of(EngineSettingsFile.FORCE_CODE, "46",
      EngineSettingsFile.PORTAL_LINK_BASE, "https://evidence.example/r/",
      EngineSettingsFile.LOG_ORIGIN, "evidencekit.test.police.example/custody");

  @TempDir Path dir;

  private static void assertConfigurationError(Runnable r, String... mentions) {
    assertThatThrownBy(r::run).isInstanceOf(EvidenceException.class)
        .satisfies(e -> assertThat(((EvidenceException) e).code()).isEqualTo(ErrorCode.CONFIGURATION))
        .satisfies(e -> assertThat(e.getMessage()).contains(mentions));
  }

  @Test
  @DisplayName("the host's first run writes the settings and owner-only key files; later runs read the same key")
  void createThenRead() throws IOException {
    EngineSettingsFile created = EngineSettingsFile.createIfAbsent(dir, HOST, new SecureRandom());

    assertThat(Files.readString(dir.resolve(EngineSettingsFile.FILE_NAME), StandardCharsets.ISO_8859_1))
        .contains("force.code=46", "checkpoint.key.file=checkpoint.key", "outbox.key.file=outbox.key");
    for (String key : new String[] {"checkpoint.key", "outbox.key"}) {
      assertThat(Files.size(dir.resolve(key))).isEqualTo(32);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(key)))).isEqualTo("rw-------");
    }
    EngineSettingsFile again = EngineSettingsFile.createIfAbsent(dir,
        Map.of(EngineSettingsFile.FORCE_CODE, "99", EngineSettingsFile.PORTAL_LINK_BASE, "https://other.example/r/"),
        new SecureRandom());
    assertThat(again.forceCode()).as("an existing file is the force's and is never overwritten").isEqualTo("46");
    assertThat(again.checkpointSigner().verifierKey()).isEqualTo(created.checkpointSigner().verifierKey());
    assertThat(EngineSettingsFile.read(dir).checkpointSigner().privateKey()).isEqualTo(Files.readAllBytes(dir.resolve("checkpoint.key")));
    assertThat(created.logOrigin()).isEqualTo("evidencekit.test.police.example/custody");
    assertThat(created.toString()).doesNotContain(HexFormat.of().formatHex(Files.readAllBytes(dir.resolve("checkpoint.key"))));
  }

  @Test
  @DisplayName("a key file already in the directory (an earlier example run's) is kept, not replaced")
  void keepsAnExistingKey() throws IOException {
    Ed25519CheckpointSigner earlier = Ed25519CheckpointSigner.generate("evidencekit.test.police.example/custody", new SecureRandom());
    Files.write(dir.resolve("checkpoint.key"), earlier.privateKey());

    EngineSettingsFile settings = EngineSettingsFile.createIfAbsent(dir, HOST, new SecureRandom());

    assertThat(settings.checkpointSigner().verifierKey()).isEqualTo(earlier.verifierKey());
  }

  @Test
  @DisplayName("an engine built from the settings signs with the file's key, uses its reference pattern and link base")
  void engineUsesTheSettings() throws IOException {
    EngineSettingsFile.createIfAbsent(dir, Map.of(EngineSettingsFile.FORCE_CODE, "46",
        EngineSettingsFile.PORTAL_LINK_BASE, "https://evidence.example/r/",
        EngineSettingsFile.REFERENCE_PATTERN, "{force}/EV{seq:3}/{yyyy}",
        "limits.max-files", "7"), new SecureRandom());
    EngineSettingsFile settings = EngineSettingsFile.read(dir);

    try (EvidenceEngine engine = settings.applyTo(EvidenceEngine.builder())
        .embeddedDatabase(dir.resolve("db")).blobStore(new MemoryBlobStore()).manualDelivery().build()) {
      var request = engine.officers().createRequest(TestData.WRIGHT, TestData.burglaryRequest());
      assertThat(request.reference().value()).matches("46/EV001/\\d{4}");
      var issued = engine.officers().issueInvitation(TestData.WRIGHT, request.id(), "initial request");
      assertThat(issued.link().toString()).startsWith("https://evidence.example/r/");
      String token = issued.link().toString().substring("https://evidence.example/r/".length());
      assertThat(engine.publicSide().viewInvitation(token).limits().maxFilesPerSubmission()).isEqualTo(7);
      assertThat(engine.custody().publicKey()).isEqualTo(settings.checkpointSigner().verifierKey().vkey());
      assertThat(engine.custody().publicKey()).startsWith("evidencekit/46/custody+");
      // Independently of the settings class: the key bytes the host wrote verify what the engine signs.
      byte[] hostKey = Files.readAllBytes(dir.resolve("checkpoint.key"));
      OfflineVerifier verifier = OfflineVerifier.trusting(
          Ed25519CheckpointSigner.fromPrivateKey("evidencekit/46/custody", hostKey).verifierKey());
      assertThat(verifier.verifyCheckpoint(engine.custody().checkpoint().bytes()).valid()).isTrue();
    }
  }

  @Test
  @DisplayName("a data directory without the file is a CONFIGURATION error that says where the file should be, and nothing is created")
  void missing() {
    assertConfigurationError(() -> EngineSettingsFile.read(dir.resolve("nowhere")), "evidencekit.properties", "does not exist");
    assertThat(Files.exists(dir.resolve("nowhere"))).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"unknown key", "no force code", "no link base", "no checkpoint key file", "missing key file",
      "short key file", "bad number", "zero limit", "limits that do not fit", "bad duration", "bad link base", "bad origin"})
  @DisplayName("a wrong settings file is a CONFIGURATION error naming the file and the setting, never the key's bytes")
  void wrong(String variant) throws IOException {
    Files.write(dir.resolve("checkpoint.key"), new byte[32]);
    Files.write(dir.resolve("short.key"), new byte[31]);
    String base = "force.code=46\nportal.link.base=https://evidence.example/r/\ncheckpoint.key.file=checkpoint.key\n";
    String text = switch (variant) {
      case "unknown key" -> base + "force.cod=47\n";
      case "no force code" -> base.replace("force.code=46\n", "");
      case "no link base" -> base.replace("portal.link.base=https://evidence.example/r/\n", "");
      case "no checkpoint key file" -> base.replace("checkpoint.key.file=checkpoint.key\n", "");
      case "missing key file" -> base.replace("=checkpoint.key", "=absent.key");
      case "short key file" -> base.replace("=checkpoint.key", "=short.key");
      case "bad number" -> base + "limits.max-files=many\n";
      case "zero limit" -> base + "officer-ingest.max-file-bytes=0\n";
      case "limits that do not fit" -> base + "limits.max-file-bytes=1000\nlimits.max-submission-bytes=10\n";
      case "bad duration" -> base + "invitation.validity=10 days\n";
      case "bad link base" -> base.replace("https://evidence.example/r/", "https://evidence example/r/");
      case "bad origin" -> base + "log.origin=has space\n";
      default -> throw new AssertionError(variant);
    };
    Files.writeString(dir.resolve(EngineSettingsFile.FILE_NAME), text, StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> EngineSettingsFile.read(dir)).isInstanceOf(EvidenceException.class)
        .satisfies(e -> assertThat(((EvidenceException) e).code()).isEqualTo(ErrorCode.CONFIGURATION))
        .satisfies(e -> assertThat(e.getMessage()).contains(EngineSettingsFile.FILE_NAME).doesNotContain("AAAAAAAA"));
  }
}
