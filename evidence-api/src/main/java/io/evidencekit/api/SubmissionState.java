package io.evidencekit.api;

public enum SubmissionState {
  /** Files may still be added or removed. */
  DRAFT,
  /** Declared and submitted; frozen. */
  SUBMITTED
}
