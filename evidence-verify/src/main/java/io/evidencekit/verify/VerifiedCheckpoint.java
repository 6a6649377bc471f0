package io.evidencekit.verify;

import java.util.Objects;

/**
 * A checkpoint whose signature an {@link OfflineVerifier} checked under the key it trusts. Only a
 * verifier makes one, so holding one means the check was done; proofs are checked against it, never
 * against the roots a proof carries itself. Immutable and thread-safe.
 */
public final class VerifiedCheckpoint {
  private final Checkpoint checkpoint;
  private final SignedNote note;
  private final NoteVerifierKey key;

  VerifiedCheckpoint(Checkpoint checkpoint, SignedNote note, NoteVerifierKey key) {
    this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
    this.note = Objects.requireNonNull(note, "note");
    this.key = Objects.requireNonNull(key, "key");
  }

  /** The checkpoint: origin, tree size, root hash. */
  public Checkpoint checkpoint() {
    return checkpoint;
  }

  /** The signed note it came in, with every signature on it (witnesses' too). */
  public SignedNote note() {
    return note;
  }

  /** The trusted key whose signature on the note verified. */
  public NoteVerifierKey key() {
    return key;
  }

  /** The log's name, the checkpoint's first line. */
  public String origin() {
    return checkpoint.origin();
  }

  /** The number of events the checkpoint covers. */
  public long size() {
    return checkpoint.size();
  }

  /** The RFC 6962 root of the tree of {@link #size()} events (a copy). */
  public byte[] root() {
    return checkpoint.root();
  }

  @Override
  public String toString() {
    return "VerifiedCheckpoint[origin=" + origin() + ", size=" + size() + ", root=" + Hashes.base64(checkpoint.root())
        + ", key=" + key.name() + "+" + NoteVerifierKey.hex(key.keyHash()) + "]";
  }
}
