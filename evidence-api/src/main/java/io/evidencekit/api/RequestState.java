package io.evidencekit.api;

/** Where a request stands. */
public enum RequestState {
  /** Created; no link sent yet. */
  CREATED,
  /** A link is out (or was); no evidence submitted yet. */
  INVITED,
  /** At least one submission was submitted. */
  EVIDENCE_RECEIVED
}
