package io.evidencekit.api.retention;

/** Where a request's evidence stands in its retention. */
public enum RetentionState {
  /** Kept: no rule has ended, or a reviewer decided to retain it. */
  KEPT,
  /** A review is due: waiting on the review queue. */
  REVIEW_DUE,
  /** Disposal is scheduled and may still be cancelled. */
  DISPOSAL_SCHEDULED,
  /** Disposal fell due while a legal hold stands: nothing happens until every hold under it is lifted. */
  HELD,
  /** Disposal is being carried out (bytes being deleted); it completes at the next sweep if interrupted. */
  DISPOSING,
  /** Disposed of: bytes deleted, personal data redacted, certificate in the custody log. */
  DISPOSED
}
