package io.evidencekit.api;

public enum SubmissionState {
  /** Files may still be added or removed. */
  DRAFT,
  /** Declared and submitted; frozen. */
  SUBMITTED,
  /**
   * Never submitted, and closed: its link ended (re-issued, revoked, expired) or it lay idle too long.
   * Files already received in it stay in custody; it can no longer change or be submitted.
   */
  ABANDONED
}
