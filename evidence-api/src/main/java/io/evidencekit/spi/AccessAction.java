package io.evidencekit.spi;

/** What an officer wants to do with a request or its evidence. */
public enum AccessAction {
  /** See the request, its invitations, submissions, item metadata and custody events. */
  VIEW_REQUEST,
  /** Read an item's bytes (play, preview, download). */
  READ_ITEM,
  /** Issue, re-issue or revoke links. */
  MANAGE_REQUEST,
  /**
   * Read an item that is quarantined or not known to be clean (the explicit override). A policy may
   * keep this to fewer officers than {@link #READ_ITEM}.
   */
  RELEASE_QUARANTINED,
  /** Classify a request for retention, link it to a case, record case facts, review it, schedule or cancel its disposal. */
  MANAGE_RETENTION,
  /** Set or lift a legal hold over a request, one of its items, or a case it is linked to. */
  LEGAL_HOLD,
  /**
   * Decide on a video consultation held for want of consent: import it all the same, or discard it at the
   * source. Asked for the request the consultation would go to.
   */
  DECIDE_VIDEO_CONSENT,
  /** Record a supervisor's quality review of a video consultation. Asked for the consultation's request. */
  REVIEW_VIDEO_QUALITY
}
