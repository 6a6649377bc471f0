package io.evidencekit.core;

import io.evidencekit.api.Actor;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.core.custody.AuditReport;
import io.evidencekit.verify.SignedCheckpoint;
import io.evidencekit.verify.TreeHead;
import io.evidencekit.verify.ConsistencyProof;
import io.evidencekit.verify.InclusionProof;
import io.evidencekit.verify.NoteVerifierKey;
import java.util.List;
import java.util.Optional;

/**
 * The verifiable custody log: its tree head, signed checkpoints, proofs and audit, for whoever prepares
 * disclosure or checks the log (an officer, the defence, an auditor, a court).
 *
 * <p>Tree heads, checkpoints and proofs hold only hashes, sizes and sequence numbers (no names, no
 * captions, no file names), so handing them out is not an act on evidence and is not recorded; whoever
 * holds a checkpoint and the published key verifies them offline, without trusting this engine. Reading
 * the events themselves is different: they name people and files, so {@link #events} needs an officer, a
 * reason and the access policy's consent, and is itself recorded.
 *
 * <p>Thread-safe. Every failure is an {@link io.evidencekit.api.EvidenceException}.
 */
public interface Custody {

  /** Number of events in the log. */
  long size();

  /** The size and root hash of the log now. */
  TreeHead treeHead();

  /**
   * Makes, signs (and, if configured, time-stamps) a checkpoint of the log as it is now, stores it and
   * returns it. Publish {@link SignedCheckpoint#text()}; with {@link #publicKey()} anyone can verify it.
   */
  SignedCheckpoint checkpoint();

  /** Every stored checkpoint, oldest first. */
  List<SignedCheckpoint> checkpoints();

  /** The newest stored checkpoint, if any. */
  Optional<SignedCheckpoint> latestCheckpoint();

  /** The key that verifies this log's checkpoints. */
  NoteVerifierKey verifierKey();

  /** The verifier key as a C2SP vkey line ({@code <name>+<hash>+<base64>}): what to publish. */
  String publicKey();

  /**
   * Proof that event {@code sequence} is in the log of {@code treeSize} events (the size of a checkpoint
   * the verifier holds). The verifier recomputes the leaf hash from the event rather than trusting one.
   *
   * @throws io.evidencekit.api.EvidenceException INVALID_INPUT if the sequence is not below
   *     {@code treeSize} or the log is smaller than {@code treeSize}
   */
  InclusionProof inclusionProof(long sequence, long treeSize);

  /** Proof that the log of {@code size2} events extends the log of {@code size1} (two checkpoints' sizes). */
  ConsistencyProof consistencyProof(long size1, long size2);

  /**
   * Recomputes the whole log from the event rows and checks it against every stored checkpoint, trusting
   * the verifier keys recorded in the database. Reads only.
   */
  AuditReport audit();

  /** As {@link #audit()}, with every checkpoint required to be signed by {@code trustedKey}. */
  AuditReport audit(NoteVerifierKey trustedKey);

  /**
   * Events of the whole log from {@code fromSequence}, at most {@code limit} (1 to 10,000), for an audit.
   * Needs the access policy's {@link io.evidencekit.spi.AccessPolicy#decideLogRead} consent; the read (or
   * the refusal, then ACCESS_DENIED) is recorded with the officer and the reason.
   */
  List<CustodyEvent> events(Actor.Officer by, long fromSequence, int limit, String reason);
}
