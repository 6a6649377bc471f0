package io.evidencekit.api.video;

/** A supervisor's decision on a consultation held for want of consent. */
public enum SupervisorDecision {
  /** Import it as evidence all the same (the reason says why: a lawful basis other than consent). */
  IMPORT,
  /** Do not keep it: the source is asked to delete its recordings, which are never imported. */
  DISCARD_AT_SOURCE
}
