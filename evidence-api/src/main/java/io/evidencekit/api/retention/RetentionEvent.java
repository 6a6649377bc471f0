package io.evidencekit.api.retention;

/**
 * Something that starts (or restarts) a retention period. {@link #RECEIVED} and {@link #REVIEWED} are
 * known to the engine; every other one is a fact the host records ({@link CaseFact}) on a request or on
 * a case the request is linked to.
 */
public enum RetentionEvent {
  /** Evidence was received for the request (the latest item's receipt counts). Engine-derived. */
  RECEIVED,
  /** A reviewer recorded an outcome. Engine-derived. */
  REVIEWED,
  /** The request was closed (evidence no longer sought). */
  REQUEST_CLOSED,
  /** The request was closed and its evidence found not relevant, or no investigation followed. */
  NOT_RELEVANT,
  /** A new event linked to the matter (restarts a clear period). */
  LINKED_EVENT,
  /** A decision to take no further action (not to prosecute). */
  NO_FURTHER_ACTION,
  CHARGED,
  ACQUITTED,
  CONVICTED,
  DISCONTINUED,
  /** Release from custody or hospital after a conviction (for a non-custodial sentence: the conviction date). */
  RELEASED,
  APPEAL_LODGED,
  APPEAL_DECIDED,
  /** An application to the Criminal Cases Review Commission. */
  CCRC_LODGED,
  CCRC_DECIDED,
  /** The subject's date of birth (MOPI group 1: retained until the subject is deemed 100). */
  SUBJECT_BORN;

  /** Whether a host may record it (the engine records the others itself). */
  public boolean hostRecorded() {
    return this != RECEIVED && this != REVIEWED;
  }
}
