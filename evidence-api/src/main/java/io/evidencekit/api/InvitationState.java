package io.evidencekit.api;

/** The stored state of an invitation. Expiry is not a state: it follows from the clock. */
public enum InvitationState {
  ACTIVE,
  /** Revoked by an officer. */
  REVOKED,
  /** Replaced by a newer invitation for the same request. */
  SUPERSEDED
}
