package io.evidencekit.spi;

/**
 * Why a {@link ContentScanner} gave no verdict. The engine treats every one of them as "not yet
 * scanned", never as clean; it retries the passing ones and flags the item when they persist.
 */
public enum ScanFailure {
  /** The content is larger than the scanner (or its backend) will scan. Retrying will not help. */
  TOO_LARGE,
  /** The backend did not accept bytes or answer within the scanner's configured time. */
  TIMEOUT,
  /** The backend could not be reached, went away during the scan, or the scanner was closed. */
  SCANNER_UNAVAILABLE,
  /** The content (or an archive inside it) is encrypted, so its inside could not be scanned. */
  ENCRYPTED,
  /**
   * The caller's stream failed, ended before {@code size} bytes or went on past them: what was
   * scanned is not the item. A storage problem, not a scanner one.
   */
  STREAM_FAILED,
  /** Any other failure: the backend answered with an error or something the scanner did not understand. */
  ERROR
}
