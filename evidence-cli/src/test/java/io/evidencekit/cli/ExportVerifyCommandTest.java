package io.evidencekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import gov.loc.repository.bagit.domain.Bag;
import gov.loc.repository.bagit.reader.BagReader;
import gov.loc.repository.bagit.verify.BagVerifier;
import io.evidencekit.api.Actor;
import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.NewEvidenceRequest;
import io.evidencekit.api.PhoneNumber;
import io.evidencekit.api.Recipient;
import io.evidencekit.api.RequestingOfficer;
import io.evidencekit.core.EngineSettingsFile;
import io.evidencekit.core.EvidenceEngine;
import io.evidencekit.storage.fs.FilesystemBlobStore;
import io.evidencekit.verify.Ed25519CheckpointSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * export then verify, on a data directory as the host system leaves it. Tampering tests change the bag
 * the way an attacker would: most of them also recompute both manifests afterwards ({@link #reseal}), so
 * what catches them is the custody record signed by the force's key, not a hash anyone can rewrite.
 */
@DisplayName("evidencekit export and verify")
class ExportVerifyCommandTest {
  private static final Actor.Officer WRIGHT = Actor.Officer.of("pc-4471", "Wright, D.");
  private static final String ORIGIN = "evidencekit.test.police.example/custody";

  @TempDir Path dir;
  private Path data;
  private Path bag;
  private String vkey;

  @BeforeEach
  void exportABag() throws IOException {
    data = dir.resolve("data");
    EngineSettingsFile.createIfAbsent(data, Map.of(EngineSettingsFile.FORCE_CODE, "46",
        EngineSettingsFile.PORTAL_LINK_BASE, "https://evidence.example/r/", EngineSettingsFile.LOG_ORIGIN, ORIGIN),
        new SecureRandom());
    String reference;
    try (FilesystemBlobStore store = new FilesystemBlobStore(data.resolve("blobs"));
        EvidenceEngine engine = EngineSettingsFile.read(data).applyTo(EvidenceEngine.builder())
            .embeddedDatabase(data.resolve("db")).blobStore(store).manualDelivery().build()) {
      reference = engine.officers().createRequest(WRIGHT, new NewEvidenceRequest("Burglary, 14 High Street",
          "CCTV 01:00-03:00 on 3 May", new RequestingOfficer("pc-4471", "Wright, D.",
              new EmailAddress("d.wright@kent.police.example"), new PhoneNumber("+441622690690")),
          Recipient.byEmail("D Smith", "d.smith@example.org"))).reference().value();
      vkey = engine.custody().publicKey();
    }
    Path usb = Files.createDirectories(dir.resolve("usb").resolve("EXPORT"));
    Files.writeString(usb.resolve("Player.exe"), "MZ player");
    Files.writeString(Files.createDirectories(usb.resolve("CAM 01")).resolve("clip (1).264"), "camera one footage");
    assertThat(run("ingest", "--request", reference, "--data", data.toString(), "--officer", "pc-4471", "--quiet",
        usb.toString()).exit()).isZero();
    bag = dir.resolve("bag");
    CliRun export = run("export", "--data", data.toString(), "--request", reference, "--to", bag.toString(), "--recipient",
        "CPS Kent", "--reason", "charging decision", "--officer", "pc-4471", "--officer-name", "Wright, D.");
    assertThat(export.exit()).as(export.err()).isZero();
    assertThat(export.out()).contains("2 files").contains("evidencekit verify " + bag + " --key " + vkey);
  }

  @Test
  @DisplayName("an exported bag verifies (exit 0) and passes the Library of Congress BagIt validator")
  void valid() throws Exception {
    CliRun run = run("verify", bag.toString(), "--key", vkey);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("valid: ").contains("2 payload files: size and SHA-256 are those recorded at receipt");
    Bag read = new BagReader().read(bag);
    try (BagVerifier loc = new BagVerifier()) {
      loc.isValid(read, false);
    }
  }

  @Test
  @DisplayName("--to FILE.zip writes the bag as a zip with a progress bar on stderr, and verify reads the zip in place (exit 0); a zip that exists is refused (exit 1)")
  void zip() throws Exception {
    Path zip = dir.resolve("package.zip");
    String reference = Files.readString(bag.resolve("bag-info.txt")).lines()
        .filter(l -> l.startsWith("External-Identifier: ")).findFirst().orElseThrow().substring("External-Identifier: ".length());
    CliRun export = run("export", "--data", data.toString(), "--request", reference, "--to", zip.toString(), "--recipient",
        "CPS Kent", "--reason", "charging decision", "--officer", "pc-4471");
    assertThat(export.exit()).as(export.err()).isZero();
    assertThat(export.err()).contains("exporting 2 files").contains("100%");
    assertThat(export.out()).contains("Exported " + reference + " to " + zip.toAbsolutePath())
        .contains("consistency proofs from 1 earlier checkpoints");

    CliRun run = run("verify", zip.toString(), "--key", vkey);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("1 earlier checkpoints signed by the trusted key, each consistent with the bag's checkpoint");
    assertThat(run("export", "--data", data.toString(), "--request", reference, "--to", zip.toString(), "--recipient",
        "CPS Kent", "--reason", "again", "--officer", "pc-4471", "--quiet").exit()).isEqualTo(1);
  }

  @Test
  @DisplayName("with a later checkpoint and a consistency proof the bag's log is shown to be extended only; a proof to "
      + "another size fails")
  void laterCheckpoint() throws Exception {
    long bagSize = Long.parseLong(Files.readAllLines(bag.resolve("custody/checkpoint")).get(1));
    Path later = dir.resolve("later");
    Path proof = dir.resolve("consistency.json");
    Path wrong = dir.resolve("wrong.json");
    try (FilesystemBlobStore store = new FilesystemBlobStore(data.resolve("blobs"));
        EvidenceEngine engine = EngineSettingsFile.read(data).applyTo(EvidenceEngine.builder())
            .embeddedDatabase(data.resolve("db")).blobStore(store).manualDelivery().build()) {
      engine.officers().listRequests(WRIGHT, "grow the log");
      var signed = engine.custody().checkpoint();
      Files.write(later, signed.bytes());
      Files.writeString(proof, io.evidencekit.verify.ProofJson.write(engine.custody().consistencyProof(bagSize, signed.size())));
      Files.writeString(wrong, io.evidencekit.verify.ProofJson.write(engine.custody().consistencyProof(bagSize - 1, signed.size())));
    }
    CliRun run = run("verify", bag.toString(), "--key", vkey, "--checkpoint", later.toString(), "--consistency", proof.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("extends the log " + ORIGIN + " of " + bagSize + " events");
    assertInvalid(run("verify", bag.toString(), "--key", vkey, "--checkpoint", later.toString(), "--consistency",
        wrong.toString()), "the proof is between sizes " + (bagSize - 1));
    assertThat(run("verify", bag.toString(), "--key", vkey, "--checkpoint", later.toString()).exit()).isEqualTo(2);
  }

  @Test
  @DisplayName("a byte changed in a file is caught and the file named")
  void byteChanged() throws Exception {
    Path file = payload().get(0);
    byte[] bytes = Files.readAllBytes(file);
    bytes[0] ^= 1;
    Files.write(file, bytes);
    assertInvalid(run("verify", bag.toString(), "--key", vkey), "data/" + file.getFileName() + ": its SHA-256 is");
  }

  @Test
  @DisplayName("a file replaced with both manifests recomputed is still caught: no receipt event records its hash")
  void replacedAndResealed() throws Exception {
    Path file = payload().get(0);
    Files.writeString(file, "other footage");
    reseal();
    assertInvalid(run("verify", bag.toString(), "--key", vkey), "data/" + file.getFileName()
        + ": no proved ITEM_RECEIVED event records its SHA-256 and size");
  }

  @Test
  @DisplayName("a file removed or added is caught and named")
  void removedOrAdded() throws Exception {
    Path removed = payload().get(1);
    Files.delete(removed);
    Files.writeString(bag.resolve("data/extra.txt"), "planted");
    CliRun run = run("verify", bag.toString(), "--key", vkey);
    assertInvalid(run, "data/" + removed.getFileName() + ": listed in a manifest but missing");
    assertThat(run.err()).contains("data/extra.txt: a file no manifest lists");
  }

  @Test
  @DisplayName("an event edited (and the manifests recomputed) is caught and the event named")
  void eventEdited() throws Exception {
    List<String> events = events();
    int index = indexOf(events, "ITEM_RECEIVED");
    events.set(index, events.get(index).replace("\"details\":{", "\"details\":{\"note\":\"planted\","));
    writeEvents(events);
    reseal();
    assertInvalid(run("verify", bag.toString(), "--key", vkey), "event " + seq(events.get(index)) + " (ITEM_RECEIVED)");
  }

  @Test
  @DisplayName("an event dropped (and the manifests recomputed) is caught and the event named")
  void eventDropped() throws Exception {
    List<String> events = events();
    String dropped = events.remove(indexOf(events, "ITEM_RECEIVED"));
    writeEvents(events);
    reseal();
    assertInvalid(run("verify", bag.toString(), "--key", vkey), "event " + seq(dropped) + ": the bag holds its proof but not");
  }

  @Test
  @DisplayName("events reordered are caught")
  void eventsReordered() throws Exception {
    List<String> events = events();
    Collections.swap(events, 0, 1);
    writeEvents(events);
    reseal();
    assertInvalid(run("verify", bag.toString(), "--key", vkey), "out of log order");
  }

  @Test
  @DisplayName("a proof altered (and the manifests recomputed) is caught and its event named")
  void proofAltered() throws Exception {
    String seq = seq(events().get(0));
    Path proof = bag.resolve("custody/proofs/" + seq + ".json");
    String text = Files.readString(proof);
    String hash = text.substring(text.indexOf("\"proof\" : [ \"") + 13, text.indexOf("\"proof\" : [ \"") + 57);
    Files.writeString(proof, text.replace(hash, "A".repeat(43) + "="));
    reseal();
    assertInvalid(run("verify", bag.toString(), "--key", vkey), "event " + seq + " (");
  }

  @Test
  @DisplayName("a checkpoint signed by another key, or checked with another key, is caught")
  void otherKey() throws Exception {
    Ed25519CheckpointSigner other = Ed25519CheckpointSigner.generate(ORIGIN, new SecureRandom());
    assertInvalid(run("verify", bag.toString(), "--key", other.verifierKey().vkey()), "custody/checkpoint: ");
  }

  @Test
  @DisplayName("bag-info.txt edited is caught by the tag manifest")
  void bagInfoEdited() throws Exception {
    Path info = bag.resolve("bag-info.txt");
    Files.writeString(info, Files.readString(info).replace("CPS Kent", "CPS Essex"));
    assertInvalid(run("verify", bag.toString(), "--key", vkey), "bag-info.txt: its SHA-256 is");
  }

  @Test
  @DisplayName("hostile bags are refused with exit 2 and a clear message: '..', absolute paths, duplicates, symlinks, "
      + "huge lines, not BagIt 1.0, not a bag")
  void hostile() throws Exception {
    Path manifest = bag.resolve("manifest-sha256.txt");
    String good = Files.readString(manifest);
    String line = good.substring(0, good.indexOf('\n') + 1);
    String hash = line.substring(0, 64);

    Files.writeString(manifest, good + hash + "  data/../../secret\n");
    assertRefused("'..' segment");
    Files.writeString(manifest, good + hash + "  /etc/passwd\n");
    assertRefused("an absolute path");
    Files.writeString(manifest, good + line);
    assertRefused("is listed twice");
    Files.writeString(manifest, good + "x".repeat(BagVerifierLimits.LINE + 1) + "\n");
    assertRefused("a line longer than");
    Files.writeString(manifest, good);

    Path outside = Files.writeString(dir.resolve("outside.txt"), "not in the bag");
    Path link = Files.createSymbolicLink(bag.resolve("data/link"), outside);
    assertRefused("a symbolic link inside the bag: data/link");
    Files.delete(link);

    Path declaration = bag.resolve("bagit.txt");
    Files.writeString(declaration, "BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\n");
    assertRefused("only BagIt 1.0");
    Files.delete(declaration);
    assertRefused("no bagit.txt");
    assertThat(run("verify", dir.resolve("nowhere").toString(), "--key", vkey).exit()).isEqualTo(2);
  }

  /** The limit the verifier reads lines with, named here so the test follows it. */
  private static final class BagVerifierLimits {
    static final int LINE = io.evidencekit.verify.BagVerifier.MAX_LINE;
  }

  private void assertRefused(String message) {
    CliRun run = run("verify", bag.toString(), "--key", vkey);
    assertThat(run.exit()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).startsWith("malformed: ").contains(message);
  }

  private static void assertInvalid(CliRun run, String problem) {
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.err()).contains("INVALID: ").contains(problem);
  }

  private List<Path> payload() throws IOException {
    try (Stream<Path> files = Files.list(bag.resolve("data"))) {
      return files.sorted().toList();
    }
  }

  private List<String> events() throws IOException {
    return new ArrayList<>(Files.readAllLines(bag.resolve("custody/events.jsonl"), StandardCharsets.UTF_8));
  }

  private void writeEvents(List<String> events) throws IOException {
    Files.writeString(bag.resolve("custody/events.jsonl"), String.join("\n", events) + "\n");
  }

  private static int indexOf(List<String> events, String action) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).startsWith("{\"action\":\"" + action + "\"")) {
        return i;
      }
    }
    throw new AssertionError("no " + action + " event");
  }

  private static String seq(String event) {
    int at = event.indexOf("\"seq\":") + 6;
    return event.substring(at, event.indexOf(',', at));
  }

  /** What an attacker does after changing the bag: recompute both manifests so they agree again. */
  private void reseal() throws Exception {
    List<String> payload = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    try (Stream<Path> files = Files.walk(bag)) {
      for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = bag.relativize(p).toString();
        if (name.equals("tagmanifest-sha256.txt") || name.equals("manifest-sha256.txt")) {
          continue;
        }
        (name.startsWith("data/") ? payload : tags).add(sha256(p) + "  " + name);
      }
    }
    Files.writeString(bag.resolve("manifest-sha256.txt"), String.join("\n", payload) + "\n");
    tags.add(sha256(bag.resolve("manifest-sha256.txt")) + "  manifest-sha256.txt");
    Files.writeString(bag.resolve("tagmanifest-sha256.txt"), String.join("\n", tags) + "\n");
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }
}
