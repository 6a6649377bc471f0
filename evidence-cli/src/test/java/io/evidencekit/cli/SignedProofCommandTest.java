package io.evidencekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.verify.Checkpoint;
import io.evidencekit.verify.ConsistencyProof;
import io.evidencekit.verify.CustodyBody;
import io.evidencekit.verify.Ed25519CheckpointSigner;
import io.evidencekit.verify.InclusionProof;
import io.evidencekit.verify.ProofJson;
import io.evidencekit.verify.Rfc6962;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * proof verify-inclusion / verify-consistency tied to a signed checkpoint. A three-event log is built by
 * hand (RFC 6962, small enough to write out): leaves l0, l1, l2; root2 = H(l0, l1); root3 = H(root2, l2).
 */
@DisplayName("proof commands with a signed checkpoint")
class SignedProofCommandTest {
  private static final String ORIGIN = "evidencekit.test/custody";
  private static final Rfc6962 TREE = new Rfc6962();

  @TempDir Path dir;

  private Ed25519CheckpointSigner signer;
  private String vkey;
  private final byte[][] leaves = new byte[3][];
  private final Path[] events = new Path[3];
  private byte[] root2;
  private byte[] root3;
  private Path checkpoint2;
  private Path checkpoint3;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  private static String body(int seq, String action) {
    return "{\"action\":\"" + action + "\",\"actor\":{\"id\":\"officer:pc-4471\",\"kind\":\"officer\",\"name\":\"Wright, D.\"},"
        + "\"at\":\"2026-12-01T10:00:0" + seq + "Z\",\"details\":{},\"request\":\"5b0c7d2e-0000-4000-8000-00000000000" + seq
        + "\",\"seq\":" + seq + ",\"v\":1}";
  }

  @BeforeEach
  void log() throws Exception {
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(13);
    signer = Ed25519CheckpointSigner.generate(ORIGIN, random);
    vkey = signer.verifierKey().vkey();
    String[] actions = {"REQUEST_CREATED", "INVITATION_ISSUED", "REQUEST_VIEWED"};
    for (int i = 0; i < 3; i++) {
      String text = body(i, actions[i]);
      events[i] = Files.writeString(dir.resolve("event" + i + ".json"), text + "\n");
      leaves[i] = CustodyBody.parse(text.getBytes(StandardCharsets.UTF_8)).leaf().hash();
    }
    root2 = TREE.nodeHash(leaves[0], leaves[1]);
    root3 = TREE.nodeHash(root2, leaves[2]);
    checkpoint2 = note("cp2", new Checkpoint(ORIGIN, 2, root2), signer);
    checkpoint3 = note("cp3", new Checkpoint(ORIGIN, 3, root3), signer);
  }

  private Path note(String name, Checkpoint checkpoint, Ed25519CheckpointSigner by) throws IOException {
    return Files.writeString(dir.resolve(name), checkpoint.sign(by).encoded(), StandardCharsets.UTF_8);
  }

  private Path proof(String name, InclusionProof proof) throws IOException {
    return Files.writeString(dir.resolve(name), ProofJson.write(proof));
  }

  private Path proof(String name, ConsistencyProof proof) throws IOException {
    return Files.writeString(dir.resolve(name), ProofJson.write(proof));
  }

  /** Leaf 2 of the three-event tree: its path is the one hash root2. */
  private Path goodInclusion() throws IOException {
    return proof("inc.json", new InclusionProof(2, 3, root3, leaves[2], List.of(root2)));
  }

  @Test
  @DisplayName("an event proved against a signed checkpoint is valid, and the output lists what was checked")
  void validWithEvent() throws IOException {
    CliRun run = run("proof", "verify-inclusion", goodInclusion().toString(), "--checkpoint", checkpoint3.toString(),
        "--key", vkey, "--event", events[2].toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("valid: event 2 (REQUEST_VIEWED").contains("checked: the leaf was recomputed from the event")
        .contains("verified under the trusted key").doesNotContain("NO SIGNED ROOT");
  }

  @Test
  @DisplayName("without a checkpoint the output says plainly that no signed root was checked, and never says 'valid'")
  void unsignedSaysSo() throws IOException {
    CliRun run = run("proof", "verify-inclusion", goodInclusion().toString());
    assertThat(run.exit()).isZero();
    assertThat(run.out()).doesNotStartWith("valid").contains("NO SIGNED ROOT WAS CHECKED");
  }

  @Test
  @DisplayName("a proof with a made-up root that agrees with itself does not verify against the checkpoint")
  void madeUpRoot() throws IOException {
    byte[] fakeRoot = TREE.nodeHash(leaves[2], leaves[2]);
    Path fake = proof("fake.json", new InclusionProof(0, 2, fakeRoot, leaves[2], List.of(leaves[2])));
    assertThat(run("proof", "verify-inclusion", fake.toString()).exit()).as("self-consistent without a checkpoint").isZero();
    CliRun run = run("proof", "verify-inclusion", fake.toString(), "--checkpoint", checkpoint3.toString(), "--key", vkey);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("tree of size 2").contains("covers 3");
    Path sameSize = proof("fake3.json", new InclusionProof(2, 3, TREE.nodeHash(fakeRoot, leaves[2]), leaves[2], List.of(fakeRoot)));
    CliRun same = run("proof", "verify-inclusion", sameSize.toString(), "--checkpoint", checkpoint3.toString(), "--key", vkey);
    assertThat(same.exit()).isEqualTo(1);
    assertThat(same.err()).contains("names a root other than the checkpoint's");
  }

  @Test
  @DisplayName("a one-leaf tree whose root is the leaf itself does not verify against the signed checkpoint")
  void oneLeafTree() throws IOException {
    Path oneLeaf = proof("one.json", new InclusionProof(0, 1, leaves[2], leaves[2], List.of()));
    CliRun run = run("proof", "verify-inclusion", oneLeaf.toString(), "--checkpoint", checkpoint3.toString(), "--key", vkey,
        "--event", events[2].toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("the proof is for leaf 0, the event is number 2");
  }

  @Test
  @DisplayName("a proof for another tree size than the checkpoint's does not verify")
  void wrongSize() throws IOException {
    Path proof = proof("size.json", new InclusionProof(1, 2, root2, leaves[1], List.of(leaves[0])));
    CliRun run = run("proof", "verify-inclusion", proof.toString(), "--checkpoint", checkpoint3.toString(), "--key", vkey);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("tree of size 2, the checkpoint covers 3");
    assertThat(run("proof", "verify-inclusion", proof.toString(), "--checkpoint", checkpoint2.toString(), "--key", vkey).exit())
        .as("the same proof against the checkpoint of its size").isZero();
  }

  @Test
  @DisplayName("an edited event is refused: its recomputed leaf is not the one the proof was made for")
  void editedEvent() throws IOException {
    Path edited = Files.writeString(dir.resolve("edited.json"), body(2, "REQUEST_VIEWED").replace("Wright", "Wrong"));
    CliRun run = run("proof", "verify-inclusion", goodInclusion().toString(), "--checkpoint", checkpoint3.toString(), "--key", vkey,
        "--event", edited.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("altered");
    assertThat(run("proof", "verify-inclusion", goodInclusion().toString(), "--event", edited.toString()).exit())
        .as("even without a checkpoint").isEqualTo(1);
  }

  @Test
  @DisplayName("a checkpoint signed by another key fails first, whatever the proof")
  void otherKey() throws Exception {
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(14);
    Ed25519CheckpointSigner other = Ed25519CheckpointSigner.generate(ORIGIN, random);
    Path forged = note("forged", new Checkpoint(ORIGIN, 3, root3), other);
    CliRun run = run("proof", "verify-inclusion", goodInclusion().toString(), "--checkpoint", forged.toString(), "--key", vkey);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("the checkpoint").contains("not signed by key");
  }

  @Test
  @DisplayName("--checkpoint without --key (or the reverse) is a usage error")
  void halfTrust() throws IOException {
    assertThat(run("proof", "verify-inclusion", goodInclusion().toString(), "--checkpoint", checkpoint3.toString()).exit())
        .isEqualTo(2);
    assertThat(run("proof", "verify-inclusion", goodInclusion().toString(), "--key", vkey).exit()).isEqualTo(2);
  }

  @Test
  @DisplayName("a consistency proof between two signed checkpoints is valid; swapped checkpoints are not")
  void consistency() throws IOException {
    Path proof = proof("cons.json", new ConsistencyProof(2, 3, root2, root3, List.of(leaves[2])));
    CliRun ok = run("proof", "verify-consistency", proof.toString(), "--old-checkpoint", checkpoint2.toString(),
        "--checkpoint", checkpoint3.toString(), "--key", vkey);
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(ok.out()).startsWith("valid: ");

    CliRun swapped = run("proof", "verify-consistency", proof.toString(), "--old-checkpoint", checkpoint3.toString(),
        "--checkpoint", checkpoint2.toString(), "--key", vkey);
    assertThat(swapped.exit()).isEqualTo(1);
    assertThat(swapped.err()).contains("give them in order");

    CliRun unsigned = run("proof", "verify-consistency", proof.toString());
    assertThat(unsigned.exit()).isZero();
    assertThat(unsigned.out()).contains("NO SIGNED ROOT WAS CHECKED");
    assertThat(run("proof", "verify-consistency", proof.toString(), "--checkpoint", checkpoint3.toString(), "--key", vkey).exit())
        .as("one checkpoint is not enough").isEqualTo(2);
  }

  @Test
  @DisplayName("log checkpoint --verify accepts an origin with spaces and '+', as C2SP allows (go.sum database tree)")
  void originWithSpaces() throws Exception {
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(15);
    Ed25519CheckpointSigner sum = Ed25519CheckpointSigner.generate("sum.golang.org", random);
    Path goSum = note("gosum", new Checkpoint("go.sum database tree", 3, root3), sum);
    CliRun run = run("log", "checkpoint", "--verify", "--key", sum.verifierKey().vkey(), goSum.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("go.sum database tree");
    Path plus = note("plus", new Checkpoint("example.com/log+v2", 3, root3), sum);
    assertThat(run("log", "checkpoint", "--verify", "--key", sum.verifierKey().vkey(), plus.toString()).exit()).isZero();
  }
}
