package io.evidencekit.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.Actor;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.Sha256;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("OfflineVerifier: checks start from the trusted key, and proofs from a verified checkpoint")
class OfflineVerifierTest {
  private static final String ORIGIN = "evidencekit.test/custody";
  private static final Instant T0 = Instant.parse("2024-05-03T09:00:00.123456Z");

  private final Ed25519CheckpointSigner force = Ed25519CheckpointSigner.generate(ORIGIN, seeded(1));
  private final OfflineVerifier verifier = OfflineVerifier.trusting(force.verifierKey().vkey());
  private final List<CustodyEvent> events = events(12);
  private final List<byte[]> leaves = events.stream().map(e -> CustodyLeaf.of(e).hash()).toList();

  private static SecureRandom seeded(long seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed);
      return random;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static List<CustodyEvent> events(int n) {
    List<CustodyEvent> events = new ArrayList<>();
    RequestId request = new RequestId(new UUID(1, 2));
    for (int i = 0; i < n; i++) {
      events.add(new CustodyEvent(i, T0.plusSeconds(i), Actor.Officer.of("pc-4471", "Wright, D."),
          i % 2 == 0 ? CustodyAction.ITEM_VIEWED : CustodyAction.ITEM_RECEIVED, Optional.of(request),
          Optional.of(new ItemId(new UUID(3, i))), Optional.of("review"), Map.of("name", "clip" + i + ".mp4"),
          new Sha256(String.format("%064x", i + 1))));
    }
    return events;
  }

  private String signedCheckpoint(int size) {
    return new Checkpoint(ORIGIN, size, NaiveMerkle.root(leaves.subList(0, size))).sign(force).encoded();
  }

  private VerifiedCheckpoint verified(int size) {
    return verifier.verifyCheckpoint(signedCheckpoint(size)).orThrow();
  }

  @Test
  @DisplayName("a checkpoint signed by the trusted key verifies, and the result says what was checked")
  void checkpointVerifies() {
    CheckpointResult result = verifier.verifyCheckpoint(signedCheckpoint(12));

    assertThat(result.valid()).as(result.reason()).isTrue();
    VerifiedCheckpoint checkpoint = result.orThrow();
    assertThat(checkpoint.size()).isEqualTo(12);
    assertThat(checkpoint.origin()).isEqualTo(ORIGIN);
    assertThat(checkpoint.root()).isEqualTo(NaiveMerkle.root(leaves));
    assertThat(checkpoint.key()).isEqualTo(force.verifierKey());
    assertThat(result.checked()).hasSize(2);
    assertThat(result.checked().get(0)).contains("well-formed C2SP checkpoint", ORIGIN, "tree size 12");
    assertThat(result.checked().get(1)).contains("Ed25519 signature by the trusted key " + ORIGIN + "+");
  }

  @Test
  @DisplayName("a checkpoint signed by another key of the same name is not valid, says why, and gives no checkpoint")
  void otherKey() {
    Ed25519CheckpointSigner impostor = Ed25519CheckpointSigner.generate(ORIGIN, seeded(2));
    String note = new Checkpoint(ORIGIN, 12, NaiveMerkle.root(leaves)).sign(impostor).encoded();

    CheckpointResult result = verifier.verifyCheckpoint(note);

    assertThat(result.valid()).isFalse();
    assertThat(result.checkpoint()).isEmpty();
    assertThat(result.reason()).contains("different key of the same name");
    assertThatThrownBy(result::orThrow).extracting("code").isEqualTo(ErrorCode.INTEGRITY_FAILURE);
  }

  @Test
  @DisplayName("a malformed note or key is refused as invalid input, never answered as a failed check")
  void malformed() {
    assertThatThrownBy(() -> verifier.verifyCheckpoint(signedCheckpoint(12).replace("\n", "\r\n")))
        .extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
    assertThatThrownBy(() -> OfflineVerifier.trusting("not+a+key")).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
  }

  @Test
  @DisplayName("every event's inclusion proof verifies against the checkpoint, the leaf recomputed from the event")
  void inclusionOfEvents() {
    VerifiedCheckpoint checkpoint = verified(12);
    for (CustodyEvent event : events) {
      InclusionProof proof = NaiveMerkle.inclusionProof(leaves, (int) event.sequence(), 12);

      ProofResult result = verifier.verifyInclusion(checkpoint, event, proof);

      assertThat(result.valid()).as(result.reason()).isTrue();
      assertThat(result.claim()).contains("event " + event.sequence(), "is in the log " + ORIGIN + " of 12 events");
      assertThat(result.checked()).anySatisfy(c -> assertThat(c).contains("recomputed from the event"))
          .anySatisfy(c -> assertThat(c).contains("lead from the leaf to the checkpoint's root"));
      assertThat(verifier.verifyInclusion(checkpoint, CustodyLeaf.of(event), proof).valid()).isTrue();
    }
  }

  @Test
  @DisplayName("an altered event, a proof for another leaf, size or root, and a forged path are all not valid")
  void inclusionFailures() {
    VerifiedCheckpoint checkpoint = verified(12);
    CustodyEvent event = events.get(5);
    InclusionProof proof = NaiveMerkle.inclusionProof(leaves, 5, 12);

    CustodyEvent altered = new CustodyEvent(5, event.at(), event.actor(), CustodyAction.ITEM_DOWNLOADED, event.requestId(),
        event.itemId(), event.reason(), event.details(), event.bodyHash());
    assertThat(verifier.verifyInclusion(checkpoint, altered, proof).reason()).contains("another leaf");
    assertThat(verifier.verifyInclusion(checkpoint, events.get(6), proof).reason()).contains("the event is number 6");

    InclusionProof smaller = NaiveMerkle.inclusionProof(leaves, 5, 10);
    assertThat(verifier.verifyInclusion(checkpoint, event, smaller).reason()).contains("tree of size 10");

    // A proof that holds for its own root, made from a log where one other event was changed.
    List<byte[]> forked = new ArrayList<>(leaves);
    forked.set(0, new Rfc6962().leafHash(new byte[] {1}));
    InclusionProof fromFork = NaiveMerkle.inclusionProof(forked, 5, 12);
    assertThat(fromFork.verify().valid()).isTrue();
    assertThat(verifier.verifyInclusion(checkpoint, event, fromFork).reason()).contains("root other than the checkpoint's");

    List<byte[]> path = new ArrayList<>(proof.proof());
    byte[] flipped = path.get(1);
    flipped[3] ^= 4;
    path.set(1, flipped);
    InclusionProof forged = new InclusionProof(5, 12, proof.root(), proof.leafHash(), path);
    ProofResult result = verifier.verifyInclusion(checkpoint, event, forged);
    assertThat(result.valid()).isFalse();
    assertThat(result.reason()).contains("different root hash");
    assertThatThrownBy(result::orThrow).extracting("code").isEqualTo(ErrorCode.INTEGRITY_FAILURE);
  }

  @Test
  @DisplayName("a proof alone (no event) verifies against the checkpoint and says the leaf hash was taken from it")
  void inclusionOfAProofAlone() {
    ProofResult result = verifier.verifyInclusion(verified(12), NaiveMerkle.inclusionProof(leaves, 3, 12));

    assertThat(result.valid()).as(result.reason()).isTrue();
    assertThat(result.checked()).anySatisfy(c -> assertThat(c).contains("taken from the proof, not recomputed"));
  }

  @Test
  @DisplayName("consistency between two verified checkpoints verifies; swapped, forked or mismatched proofs do not")
  void consistency() {
    VerifiedCheckpoint older = verified(7);
    VerifiedCheckpoint newer = verified(12);
    ConsistencyProof proof = NaiveMerkle.consistencyProof(leaves, 7, 12);

    ProofResult result = verifier.verifyConsistency(older, newer, proof);

    assertThat(result.valid()).as(result.reason()).isTrue();
    assertThat(result.claim()).contains("of 12 events", "extends", "of 7 events");
    assertThat(result.checked()).anySatisfy(c -> assertThat(c).contains("lead to both roots"));

    assertThat(verifier.verifyConsistency(newer, older, proof).reason()).contains("give them in order");
    assertThat(verifier.verifyConsistency(older, newer, NaiveMerkle.consistencyProof(leaves, 6, 12)).reason())
        .contains("between sizes 6 and 12");
    List<byte[]> forked = new ArrayList<>(leaves);
    forked.set(2, new Rfc6962().leafHash(new byte[] {2}));
    assertThat(verifier.verifyConsistency(older, newer, NaiveMerkle.consistencyProof(forked, 7, 12)).reason())
        .contains("roots other than the checkpoints'");

    VerifiedCheckpoint otherLog = verifier.verifyCheckpoint(
        new Checkpoint("evidencekit.test/other", 12, NaiveMerkle.root(leaves)).sign(force).encoded()).orThrow();
    assertThat(verifier.verifyConsistency(older, otherLog, proof).reason()).contains("different logs");
  }

  @Test
  @DisplayName("a checkpoint verified under another verifier's key is refused: every check starts from this verifier's key")
  void checkpointOfAnotherVerifier() {
    Ed25519CheckpointSigner other = Ed25519CheckpointSigner.generate("evidencekit.test/other", seeded(4));
    OfflineVerifier otherVerifier = OfflineVerifier.trusting(other.verifierKey());
    VerifiedCheckpoint theirs = otherVerifier.verifyCheckpoint(
        new Checkpoint(ORIGIN, 12, NaiveMerkle.root(leaves)).sign(other).encoded()).orThrow();

    assertThatThrownBy(() -> verifier.verifyInclusion(theirs, NaiveMerkle.inclusionProof(leaves, 0, 12)))
        .extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
    assertThatThrownBy(() -> verifier.verifyConsistency(theirs, verified(12), NaiveMerkle.consistencyProof(leaves, 12, 12)))
        .extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
  }
}
