package io.evidencekit.api.retention;

/** What happens when a rule's period ends. */
public enum RetentionAction {
  /** The evidence comes up for review: a reviewer decides to retain it until a new date, or to dispose of it. */
  REVIEW,
  /** Disposal is scheduled (cancellable during the grace period), then carried out. */
  DISPOSE
}
