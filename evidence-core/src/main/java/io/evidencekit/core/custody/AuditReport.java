package io.evidencekit.core.custody;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of recomputing the whole custody log and checking it against its signed checkpoints.
 *
 * @param treeSize the log's size as recorded in the database
 * @param root the root recomputed from the event rows (over the events found, in order)
 * @param checkpoints how many stored checkpoints were checked
 * @param keySource where the trusted verifier key came from (given by the caller, or the database)
 * @param findings problems, ordered by the first sequence number they concern (at most 1,000)
 * @param redactedBodies event bodies redacted at disposal, each vouched for by a disposal certificate (or
 *     else reported among the findings); their hashes, leaves and proofs are unchanged
 */
public record AuditReport(long treeSize, byte[] root, int checkpoints, String keySource, List<AuditFinding> findings,
    long redactedBodies) {
  /** A report of a log with no redacted bodies. */
  public AuditReport(long treeSize, byte[] root, int checkpoints, String keySource, List<AuditFinding> findings) {
    this(treeSize, root, checkpoints, keySource, findings, 0);
  }

  public AuditReport {
    root = root.clone();
    Objects.requireNonNull(keySource, "keySource");
    findings = List.copyOf(findings);
  }

  /** Whether nothing was found wrong. */
  public boolean intact() {
    return findings.isEmpty();
  }

  /** The problem with the lowest sequence number: the first bad entry. */
  public Optional<AuditFinding> firstProblem() {
    return findings.stream().findFirst();
  }

  @Override
  public byte[] root() {
    return root.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuditReport r && r.treeSize == treeSize && Arrays.equals(r.root, root)
        && r.checkpoints == checkpoints && r.findings.equals(findings);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(treeSize) * 31 + findings.hashCode();
  }

  @Override
  public String toString() {
    return "AuditReport[size=" + treeSize + ", root=" + Base64.getEncoder().encodeToString(root) + ", checkpoints="
        + checkpoints + (redactedBodies > 0 ? ", redacted bodies=" + redactedBodies : "") + ", " + (intact() ? "intact" : findings.size() + " problem(s), first: " + findings.get(0)) + "]";
  }
}
