package io.evidencekit.api;

/** Every kind of act the custody log records. Names are stable: they are part of each event's canonical bytes. */
public enum CustodyAction {
  REQUEST_CREATED,
  INVITATION_ISSUED,
  INVITATION_SENT,
  INVITATION_DELIVERY_FAILED,
  INVITATION_REVOKED,
  SUBMISSION_STARTED,
  ITEM_RECEIVED,
  ITEM_REMOVED_BY_SUBMITTER,
  /** From the first byte received the force is the data controller for the submission. */
  CONTROLLER_HANDOVER,
  SUBMISSION_DECLARED,
  SUBMISSION_SUBMITTED,
  OFFICER_NOTIFIED,
  OFFICER_NOTIFICATION_FAILED,
  REQUEST_VIEWED,
  ITEM_VIEWED,
  ITEM_DOWNLOADED,
  ACCESS_REFUSED,
  INTEGRITY_FAILURE,
  /** An officer read a range of the whole custody log (an audit), with the reason they gave. */
  LOG_READ,
  /** A draft submission was closed without being submitted (its link ended, or it lay idle). */
  SUBMISSION_ABANDONED,
  /**
   * Failed link look-ups from many addresses exhausted the portal's global guessing budget (a system
   * event, about no request): someone may be guessing links.
   */
  LINK_GUESSING_SUSPECTED,
  /**
   * The notification backend reported news about a message it accepted (queued, sending, delivered, a
   * permanent, temporary or technical failure), by a delivery receipt or when asked.
   */
  DELIVERY_STATUS_CHANGED,
  /** One scanner's result on an item: clean, infected or could-not-scan, with the scanner's version. */
  ITEM_SCANNED,
  /** Malware was detected: the item is quarantined, its bytes kept exactly as received. */
  ITEM_QUARANTINED,
  /** The scanners could not scan an item after every retry (or never can): flagged, not clean. */
  ITEM_SCAN_FAILED,
  /** An officer released an item not known to be clean (the override), with their reason. */
  QUARANTINE_OVERRIDDEN,
  /** Every item was queued for a new scan (after a signature update). */
  RESCAN_REQUESTED,
  /** Evidence left the force in a disclosure package: the recipient, the reason, the files and bytes exported. */
  EVIDENCE_EXPORTED,
  /** A request was classified under a retention category. */
  RETENTION_CLASSIFIED,
  /** A request was linked to a case the host names. */
  CASE_LINKED,
  /** The host recorded a fact about a request or a case (closed, charged, convicted, a date of birth...). */
  CASE_FACT_RECORDED,
  /** A legal hold was set, with its reason and the officer who set it. */
  LEGAL_HOLD_SET,
  /** A legal hold was lifted, with its reason and the officer who lifted it. */
  LEGAL_HOLD_LIFTED,
  /** A request's evidence came up for review. */
  REVIEW_DUE,
  /** A reviewer recorded an outcome: retain until a date, or dispose. */
  REVIEW_RECORDED,
  /** Disposal was scheduled; it may be cancelled until its grace period ends. */
  DISPOSAL_SCHEDULED,
  /** A scheduled disposal was cancelled (by an officer, a legal hold, or a rule extended meanwhile). */
  DISPOSAL_CANCELLED,
  /**
   * The disposal certificate: what was disposed of, under which rule, by whom, with the items' hashes and
   * the body hashes of the events whose bodies were redacted (the audit checks redacted bodies against it).
   */
  DISPOSAL_CERTIFIED,
  /**
   * The media inspector's result on an item (derived data): the tool and its version, what it found, and
   * the derived still image's blob and SHA-256 when it made one.
   */
  ITEM_INSPECTED,
  /**
   * A video consultation was received from a video source: the platform, the consultation, its call
   * reference, participants and times, and its consent record as the platform kept it (or that it kept none).
   */
  VIDEO_CONSENT_RECORDED,
  /** A video consultation without consent to import it (none recorded, refused, no recording notice) is held for a supervisor. */
  VIDEO_HELD_FOR_DECISION,
  /** A supervisor decided on a held video consultation: import it all the same, or discard it at the source. */
  VIDEO_DECISION_RECORDED,
  /** The video source listed a recording whose bytes it does not have: flagged, nothing imported, nothing deleted. */
  VIDEO_RECORDING_MISSING,
  /** The video source confirmed it deleted a recording: after its verified import, or discarded by a supervisor's decision. */
  VIDEO_DELETED_AT_SOURCE,
  /** A supervisor recorded a quality review of a video consultation: the outcome and their notes. */
  VIDEO_QUALITY_REVIEWED,
  /** A complaint or IPCO referral about a video consultation: every item from it goes under a legal hold. */
  VIDEO_REFERRED
}
