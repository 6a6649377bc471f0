package io.evidencekit.core.custody;

import java.util.Objects;

/**
 * One thing an audit found wrong. {@code sequence} is the first event the problem concerns: the event
 * itself for a bad or missing event; for a checkpoint that does not match, the first event of the range
 * it vouches for beyond the last matching checkpoint; for a checkpoint with a bad signature, its size.
 */
public record AuditFinding(long sequence, String problem) {
  public AuditFinding {
    Objects.requireNonNull(problem, "problem");
  }

  @Override
  public String toString() {
    return "seq " + sequence + ": " + problem;
  }
}
