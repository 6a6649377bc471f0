package io.evidencekit.api.video;

/** A supervisor's finding on a consultation's quality (the policy's supervisory check). */
public enum QualityOutcome {
  MEETS_STANDARD,
  ADVICE_GIVEN,
  BELOW_STANDARD
}
