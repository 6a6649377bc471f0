package io.evidencekit.verify;

import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks a force's custody-log claims offline, starting from the one thing a verifier must get from
 * the force by a trusted route: its published verifier key. A checkpoint is verified first, under that
 * key; inclusion and consistency proofs are then checked against verified checkpoints only, never
 * against roots a proof carries itself, and an event's leaf is recomputed from the event.
 *
 * <pre>{@code
 * OfflineVerifier verifier = OfflineVerifier.trusting(Files.readString(Path.of("force.vkey")).strip());
 * VerifiedCheckpoint checkpoint = verifier.verifyCheckpoint(Files.readAllBytes(Path.of("checkpoint.txt"))).orThrow();
 * ProofResult result = verifier.verifyInclusion(checkpoint, event, ProofJson.readInclusion(proofJson));
 * result.checked().forEach(System.out::println);
 * }</pre>
 *
 * <p>Input that is not well-formed (a note, a key or a proof that does not parse, a hash that is not
 * 32 bytes) is refused with {@code INVALID_INPUT}; well-formed input that does not verify is answered
 * with a result that is not valid and says why. Immutable and thread-safe.
 */
public final class OfflineVerifier {
  private final NoteVerifierKey key;

  private OfflineVerifier(NoteVerifierKey key) {
    this.key = Objects.requireNonNull(key, "key");
  }

  /** A verifier trusting the key in a vkey line ({@code <name>+<hex key hash>+<base64 key>}, no white space). */
  public static OfflineVerifier trusting(String vkey) {
    return new OfflineVerifier(NoteVerifierKey.parse(vkey));
  }

  /** A verifier trusting {@code key}. */
  public static OfflineVerifier trusting(NoteVerifierKey key) {
    return new OfflineVerifier(key);
  }

  /** The key this verifier trusts. */
  public NoteVerifierKey trustedKey() {
    return key;
  }

  /** Checks a signed checkpoint given as its bytes (UTF-8, as the engine writes it). */
  public CheckpointResult verifyCheckpoint(byte[] signedNote) {
    return verify(SignedNote.parse(signedNote));
  }

  /** Checks a signed checkpoint given as text. */
  public CheckpointResult verifyCheckpoint(String signedNote) {
    return verifyCheckpoint(signedNote.getBytes(StandardCharsets.UTF_8));
  }

  private CheckpointResult verify(SignedNote note) {
    Checkpoint checkpoint = Checkpoint.parse(note.text());
    List<String> checked = new ArrayList<>();
    checked.add("the note is a well-formed C2SP checkpoint of log " + checkpoint.origin() + " at tree size "
        + checkpoint.size() + " with root " + Hashes.base64(checkpoint.root()));
    Verification signature = note.verify(key);
    if (!signature.valid()) {
      return CheckpointResult.failed(signature.reason(), checked);
    }
    checked.add("the note carries a valid Ed25519 signature by the trusted key " + keyId(key));
    return CheckpointResult.valid(checked, new VerifiedCheckpoint(checkpoint, note, key));
  }

  /**
   * Checks that {@code event} is in the log {@code checkpoint} covers. The leaf is recomputed from the
   * event ({@link CustodyLeaf#of(CustodyEvent)}); the proof's own leaf hash and root only have to agree.
   */
  public ProofResult verifyInclusion(VerifiedCheckpoint checkpoint, CustodyEvent event, InclusionProof proof) {
    Objects.requireNonNull(event, "event");
    return inclusion(checkpoint, CustodyLeaf.of(event), proof,
        "event " + event.sequence() + " (" + event.action() + " at " + event.at() + ")");
  }

  /** Checks that {@code leaf} is in the log {@code checkpoint} covers; its hash is recomputed from its fields. */
  public ProofResult verifyInclusion(VerifiedCheckpoint checkpoint, CustodyLeaf leaf, InclusionProof proof) {
    Objects.requireNonNull(leaf, "leaf");
    return inclusion(checkpoint, leaf, proof, "event " + leaf.sequence() + " (" + leaf.action() + " at " + leaf.at() + ")");
  }

  /**
   * Checks that the leaf whose hash the proof names is in the log {@code checkpoint} covers, for a
   * verifier who holds the proof but not the event: what is shown is that some leaf with that hash is
   * at that position, not which event it encodes (the result says so).
   */
  public ProofResult verifyInclusion(VerifiedCheckpoint checkpoint, InclusionProof proof) {
    requireOurs(checkpoint);
    Objects.requireNonNull(proof, "proof");
    String claim = "leaf " + proof.leafIndex() + " with hash " + Hashes.base64(proof.leafHash()) + " is in " + describe(checkpoint);
    List<String> checked = new ArrayList<>();
    checked.add("the checkpoint was verified under the trusted key " + keyId(key));
    checked.add("the leaf hash was taken from the proof, not recomputed from an event");
    return inclusionPath(checkpoint, proof, proof.leafHash(), claim, checked);
  }

  private ProofResult inclusion(VerifiedCheckpoint checkpoint, CustodyLeaf leaf, InclusionProof proof, String what) {
    requireOurs(checkpoint);
    Objects.requireNonNull(proof, "proof");
    String claim = what + " is in " + describe(checkpoint);
    List<String> checked = new ArrayList<>();
    checked.add("the checkpoint was verified under the trusted key " + keyId(key));
    byte[] leafHash = leaf.hash();
    checked.add("the leaf was recomputed from the event: hash " + Hashes.base64(leafHash));
    if (leaf.sequence() != proof.leafIndex()) {
      return ProofResult.failed(claim, "the proof is for leaf " + proof.leafIndex() + ", the event is number "
          + leaf.sequence(), checked);
    }
    if (!MessageDigest.isEqual(leafHash, proof.leafHash())) {
      return ProofResult.failed(claim, "the proof is for another leaf (hash " + Hashes.base64(proof.leafHash())
          + "): the event is not the one the proof was made for, or it was altered", checked);
    }
    checked.add("the proof is for this leaf at position " + leaf.sequence());
    return inclusionPath(checkpoint, proof, leafHash, claim, checked);
  }

  private static ProofResult inclusionPath(VerifiedCheckpoint checkpoint, InclusionProof proof, byte[] leafHash, String claim,
      List<String> checked) {
    if (proof.treeSize() != checkpoint.size()) {
      return ProofResult.failed(claim, "the proof is for a tree of size " + proof.treeSize() + ", the checkpoint covers "
          + checkpoint.size() + ": ask for a proof at the checkpoint's size", checked);
    }
    if (!MessageDigest.isEqual(proof.root(), checkpoint.root())) {
      return ProofResult.failed(claim, "the proof names a root other than the checkpoint's: it was not made from the log "
          + "the checkpoint signs", checked);
    }
    checked.add("the proof is for the checkpoint's tree size " + checkpoint.size() + " and root");
    Verification path = ProofVerifier.verifyInclusion(proof.leafIndex(), checkpoint.size(), leafHash, proof.proof(),
        checkpoint.root());
    if (!path.valid()) {
      return ProofResult.failed(claim, path.reason(), checked);
    }
    checked.add("the " + proof.proof().size() + " hashes of the inclusion path lead from the leaf to the checkpoint's "
        + "root (RFC 9162 section 2.1.3.2)");
    return ProofResult.valid(claim, checked);
  }

  /**
   * Checks that the log {@code newer} covers is the log {@code older} covers with events only appended:
   * nothing in the older one was changed, removed or reordered.
   */
  public ProofResult verifyConsistency(VerifiedCheckpoint older, VerifiedCheckpoint newer, ConsistencyProof proof) {
    requireOurs(older);
    requireOurs(newer);
    Objects.requireNonNull(proof, "proof");
    String claim = describe(newer) + " extends " + describe(older) + " by appending only";
    List<String> checked = new ArrayList<>();
    checked.add("both checkpoints were verified under the trusted key " + keyId(key));
    if (!older.origin().equals(newer.origin())) {
      return ProofResult.failed(claim, "the checkpoints are of different logs: " + older.origin() + " and "
          + newer.origin(), checked);
    }
    if (older.size() > newer.size()) {
      return ProofResult.failed(claim, "the older checkpoint covers more events (" + older.size() + ") than the newer ("
          + newer.size() + "): give them in order", checked);
    }
    if (proof.size1() != older.size() || proof.size2() != newer.size()) {
      return ProofResult.failed(claim, "the proof is between sizes " + proof.size1() + " and " + proof.size2()
          + ", the checkpoints cover " + older.size() + " and " + newer.size(), checked);
    }
    if (!MessageDigest.isEqual(proof.root1(), older.root()) || !MessageDigest.isEqual(proof.root2(), newer.root())) {
      return ProofResult.failed(claim, "the proof names roots other than the checkpoints': it was not made from the log "
          + "they sign", checked);
    }
    checked.add("the proof is between the checkpoints' sizes " + older.size() + " and " + newer.size() + " and roots");
    Verification consistent = ProofVerifier.verifyConsistency(older.size(), newer.size(), proof.proof(), older.root(),
        newer.root());
    if (!consistent.valid()) {
      return ProofResult.failed(claim, consistent.reason(), checked);
    }
    checked.add("the " + proof.proof().size() + " hashes of the consistency proof lead to both roots (RFC 9162 section 2.1.4.2)");
    return ProofResult.valid(claim, checked);
  }

  /** A checkpoint verified under another verifier's key proves nothing to this one. */
  private void requireOurs(VerifiedCheckpoint checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    if (!checkpoint.key().equals(key)) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "the checkpoint was verified under key " + keyId(checkpoint.key())
          + ", not under this verifier's trusted key " + keyId(key));
    }
  }

  private static String describe(VerifiedCheckpoint checkpoint) {
    return "the log " + checkpoint.origin() + " of " + checkpoint.size() + " events with root "
        + Hashes.base64(checkpoint.root());
  }

  private static String keyId(NoteVerifierKey key) {
    return key.name() + "+" + NoteVerifierKey.hex(key.keyHash());
  }

  @Override
  public String toString() {
    return "OfflineVerifier[trusting " + key.vkey() + "]";
  }
}
