package io.evidencekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evidencekit.verify.Checkpoint;
import io.evidencekit.verify.Ed25519CheckpointSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("The evidencekit command line")
class EvidencekitCliTest {
  /** ../shared beside the repository; the module's working directory is <repo>/evidence-cli. */
  private static final Path VECTORS = Path.of("..", "..", "shared", "vectors", "rfc6962");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  static Stream<Path> vectors() throws IOException {
    try (Stream<Path> files = Files.walk(VECTORS)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  /** The exit code a vector calls for: malformed if a hash is not 32 bytes or a number does not fit. */
  private static int expectedExit(JsonNode vector) {
    if (!vector.get("wantErr").booleanValue()) {
      return 0;
    }
    for (String field : new String[] {"root", "leafHash", "root1", "root2"}) {
      if (vector.has(field) && Base64.getDecoder().decode(vector.get(field).textValue()).length != 32) {
        return 2;
      }
    }
    for (JsonNode hash : vector.path("proof")) {
      if (Base64.getDecoder().decode(hash.textValue()).length != 32) {
        return 2;
      }
    }
    for (String field : new String[] {"leafIdx", "treeSize", "size1", "size2"}) {
      if (vector.has(field) && !vector.get(field).canConvertToLong()) {
        return 2;
      }
    }
    return 1;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  @DisplayName("without a checkpoint, every vector exits 0 if it agrees with its own root (and says no signed root was checked), 1 if it does not verify, 2 if malformed")
  void vectorExitCodes(Path file) throws IOException {
    JsonNode vector = JSON.readTree(file.toFile());
    String command = file.getParent().getParent().getFileName().toString().equals("inclusion")
        ? "verify-inclusion" : "verify-consistency";
    CliRun run = run("proof", command, file.toString());
    int expected = expectedExit(vector);
    assertThat(run.exit()).as(run.err()).isEqualTo(expected);
    if (expected == 0) {
      assertThat(run.out()).startsWith("consistent with its own root only: ").contains(ProofCommand.NO_SIGNED_ROOT);
    } else {
      assertThat(run.err()).startsWith(expected == 1 ? "does not verify: " : "malformed: ");
    }
  }

  @Test
  @DisplayName("unreadable or non-JSON input is malformed, exit 2")
  void unreadable() throws IOException {
    assertThat(run("proof", "verify-inclusion", dir.resolve("missing.json").toString()).exit()).isEqualTo(2);
    Path garbage = Files.writeString(dir.resolve("garbage.json"), "{\"leafIdx\": ");
    assertThat(run("proof", "verify-consistency", garbage.toString()).exit()).isEqualTo(2);
    assertThat(run("proof", "verify-inclusion").exit()).isEqualTo(2);
    assertThat(run("proof").exit()).isEqualTo(2);
  }

  @Test
  @DisplayName("a signed checkpoint verifies with the key given inline or in a file, and fails under another key")
  void checkpoint() throws Exception {
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(9);
    Ed25519CheckpointSigner signer = Ed25519CheckpointSigner.generate("evidencekit.test/log", random);
    Ed25519CheckpointSigner other = Ed25519CheckpointSigner.generate("evidencekit.test/log", random);
    Checkpoint checkpoint = new Checkpoint("evidencekit.test/log", 3, new byte[32]);
    Path note = Files.writeString(dir.resolve("checkpoint"), checkpoint.sign(signer).encoded(), StandardCharsets.UTF_8);
    String vkey = signer.verifierKey().vkey();
    Path keyFile = Files.writeString(dir.resolve("log.vkey"), vkey + "\n");

    CliRun inline = run("log", "checkpoint", "--verify", "--key", vkey, note.toString());
    assertThat(inline.exit()).as(inline.err()).isZero();
    assertThat(inline.out()).contains("size 3");
    assertThat(run("log", "checkpoint", "--verify", "--key", keyFile.toString(), note.toString()).exit()).isZero();

    CliRun wrongKey = run("log", "checkpoint", "--verify", "--key", other.verifierKey().vkey(), note.toString());
    assertThat(wrongKey.exit()).isEqualTo(1);
    assertThat(wrongKey.err()).contains("not signed by key");

    Path forged = Files.writeString(dir.resolve("forged"), checkpoint.sign(signer).encoded().replace("\n3\n", "\n4\n"));
    assertThat(run("log", "checkpoint", "--verify", "--key", vkey, forged.toString()).exit()).isEqualTo(1);

    Path crlf = Files.writeString(dir.resolve("crlf"), checkpoint.sign(signer).encoded().replace("\n", "\r\n"));
    assertThat(run("log", "checkpoint", "--verify", "--key", vkey, crlf.toString()).exit()).isEqualTo(2);
    assertThat(run("log", "checkpoint", "--verify", "--key", "not+a+key", note.toString()).exit()).isEqualTo(2);
    assertThat(run("log", "checkpoint", "--key", vkey, note.toString()).exit()).isEqualTo(2);
  }

  /** A log made by a real engine on an embedded H2 database in {@code dir}, closed again; returns its JDBC URL. */
  private String engineLog(Ed25519CheckpointSigner signer) {
    try (io.evidencekit.storage.fs.FilesystemBlobStore blobs = new io.evidencekit.storage.fs.FilesystemBlobStore(dir.resolve("blobs"));
         io.evidencekit.core.EvidenceEngine engine = io.evidencekit.core.EvidenceEngine.builder()
             .embeddedDatabase(dir.resolve("db"))
             .blobStore(blobs)
             .forceCode("46")
             .portalLinkBase(java.net.URI.create("https://evidence.kent.police.example/r/"))
             .manualDelivery()
             .logOrigin(signer.keyName())
             .checkpointSigner(signer)
             .build()) {
      io.evidencekit.api.Actor.Officer wright = io.evidencekit.api.Actor.Officer.of("pc-4471", "Wright, D.");
      for (int i = 0; i < 3; i++) {
        var request = engine.officers().createRequest(wright, new io.evidencekit.api.NewEvidenceRequest("Burglary, 14 High Street",
            "CCTV 01:00-03:00", new io.evidencekit.api.RequestingOfficer("pc-4471", "Wright, D.",
                new io.evidencekit.api.EmailAddress("d.wright@kent.police.example"),
                new io.evidencekit.api.PhoneNumber("+441622690690")),
            io.evidencekit.api.Recipient.byEmail("D Smith", "d.smith@example.org")));
        engine.officers().issueInvitation(wright, request.id(), "initial request");
        engine.custody().checkpoint();
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return "jdbc:h2:file:" + dir.resolve("db").resolve("evidencekit").toAbsolutePath();
  }

  @Test
  @DisplayName("log audit passes an intact log (exit 0), names the first bad entry of a tampered one (exit 1), and exits 2 without a database")
  void audit() throws Exception {
    Ed25519CheckpointSigner signer = Ed25519CheckpointSigner.generate("evidencekit.kent.police.example/custody", new SecureRandom());
    String url = engineLog(signer);
    String vkey = signer.verifierKey().vkey();

    CliRun intact = run("log", "audit", "--jdbc", url, "--key", vkey);
    assertThat(intact.exit()).as(intact.err()).isEqualTo(0);
    assertThat(intact.out()).startsWith("intact: ").contains("3 checkpoint(s)");
    assertThat(run("log", "audit", "--jdbc", url).exit()).as("with the key recorded in the database").isEqualTo(0);

    Ed25519CheckpointSigner other = Ed25519CheckpointSigner.generate(signer.keyName(), new SecureRandom());
    CliRun wrongKey = run("log", "audit", "--jdbc", url, "--key", other.verifierKey().vkey());
    assertThat(wrongKey.exit()).isEqualTo(1);
    assertThat(wrongKey.err()).contains("not signed by the log's key");

    try (java.sql.Connection c = java.sql.DriverManager.getConnection(LogAuditCommand.withH2Settings(url), "sa", "");
         java.sql.Statement s = c.createStatement()) {
      s.execute("UPDATE custody_event SET body = REPLACE(body, 'Wright, D.', 'Wrong, D.') WHERE seq = 4");
    }
    CliRun tampered = run("log", "audit", "--jdbc", url, "--key", vkey);
    assertThat(tampered.exit()).isEqualTo(1);
    assertThat(tampered.err()).startsWith("TAMPERED: first bad entry is sequence 4: the body of event 4 was altered");

    CliRun missing = run("log", "audit", "--jdbc", "jdbc:h2:file:" + dir.resolve("nowhere").toAbsolutePath());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("cannot audit");
    assertThat(Files.exists(dir.resolve("nowhere.mv.db"))).as("an audit never creates a database").isFalse();
    assertThat(run("log", "audit").exit()).as("--jdbc is required").isEqualTo(2);
  }
}
