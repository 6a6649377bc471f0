package io.evidencekit.core;

import io.evidencekit.api.Actor;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.core.custody.AuditReport;
import io.evidencekit.core.custody.CustodyEvents;
import io.evidencekit.core.custody.LogAuditor;
import io.evidencekit.verify.SignedCheckpoint;
import io.evidencekit.verify.TreeHead;
import io.evidencekit.verify.ConsistencyProof;
import io.evidencekit.verify.InclusionProof;
import io.evidencekit.verify.NoteVerifierKey;
import java.util.List;
import java.util.Optional;

/** The custody log's role: proofs and checkpoints for anyone, events only with consent, recorded. */
final class CustodyRole implements Custody {
  static final int MAX_EVENTS = 10_000;

  private final EngineParts parts;
  private final Liveness liveness;

  CustodyRole(EngineParts parts, Liveness liveness) {
    this.parts = parts;
    this.liveness = liveness;
  }

  @Override
  public long size() {
    liveness.check();
    return parts.db.read(parts.custody::size);
  }

  @Override
  public TreeHead treeHead() {
    liveness.check();
    return parts.db.read(parts.custody::treeHead);
  }

  @Override
  public SignedCheckpoint checkpoint() {
    liveness.check();
    return parts.checkpoints.make();
  }

  @Override
  public List<SignedCheckpoint> checkpoints() {
    liveness.check();
    return parts.checkpoints.list();
  }

  @Override
  public Optional<SignedCheckpoint> latestCheckpoint() {
    liveness.check();
    return parts.checkpoints.latest();
  }

  @Override
  public NoteVerifierKey verifierKey() {
    return parts.checkpoints.verifierKey();
  }

  @Override
  public String publicKey() {
    return parts.checkpoints.verifierKey().vkey();
  }

  @Override
  public InclusionProof inclusionProof(long sequence, long treeSize) {
    liveness.check();
    return parts.db.read(h -> parts.custody.inclusionProof(h, sequence, treeSize));
  }

  @Override
  public ConsistencyProof consistencyProof(long size1, long size2) {
    liveness.check();
    return parts.db.read(h -> parts.custody.consistencyProof(h, size1, size2));
  }

  @Override
  public AuditReport audit() {
    liveness.check();
    return LogAuditor.of(parts.dataSource).audit(Optional.empty());
  }

  @Override
  public AuditReport audit(NoteVerifierKey trustedKey) {
    liveness.check();
    return LogAuditor.of(parts.dataSource).audit(Optional.of(trustedKey));
  }

  @Override
  public List<CustodyEvent> events(Actor.Officer by, long fromSequence, int limit, String reason) {
    liveness.check();
    String why = Reasons.require(reason);
    if (fromSequence < 0 || limit < 1 || limit > MAX_EVENTS) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT,
          "read from a sequence number >= 0, 1 to " + MAX_EVENTS + " events at a time");
    }
    String rule = parts.access.requireLogRead(by, why);
    // The read is recorded before the events are handed out, in the same transaction that reads them, so
    // nobody sees events whose reading the log does not show.
    return parts.db.inTransaction(h -> {
      List<CustodyEvent> events = parts.custody.range(h, fromSequence, limit);
      parts.custody.append(h, List.of(CustodyEvents.logRead(parts.clock.now(), by, rule, fromSequence, events.size(),
          why)));
      return events;
    });
  }
}
