package io.evidencekit.spi;

/** What the caller answered when asked to consent to a recorded video call. */
public enum ConsentDecision {
  GIVEN,
  REFUSED
}
