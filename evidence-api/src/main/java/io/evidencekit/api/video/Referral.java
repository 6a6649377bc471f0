package io.evidencekit.api.video;

/** What puts a consultation's footage under a legal hold. */
public enum Referral {
  /** A complaint about the officer's conduct or the service given. */
  COMPLAINT,
  /** A matter referred to, or raised by, the Investigatory Powers Commissioner's Office. */
  IPCO
}
