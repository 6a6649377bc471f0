package io.evidencekit.api;

/**
 * Where an item stands with the engine's malware scanners. Shown in every listing of items; only
 * {@link #CLEAN} items are handed out by {@link OfficerSide#openItem} on an engine that scans.
 */
public enum ScanState {
  /** Not yet scanned: waiting in the scan queue, or being retried after a scanner could not scan it. */
  PENDING,
  /** Every scanner read every byte and found nothing. */
  CLEAN,
  /**
   * A scanner detected something: the item is quarantined, kept byte for byte, and read only through
   * {@link Scanning#openQuarantined} by an authorised officer stating a reason.
   */
  INFECTED,
  /**
   * The scanners could not give a verdict after every retry (or the item is too large or encrypted, which
   * a retry would not change). Flagged, never treated as clean; a re-scan tries again.
   */
  COULD_NOT_SCAN
}
