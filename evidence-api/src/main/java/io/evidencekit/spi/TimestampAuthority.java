package io.evidencekit.spi;

/**
 * Obtains an RFC 3161 time-stamp over a custody-log checkpoint, anchoring it in time with a third
 * party: afterwards not even the log's operator can claim the checkpoint was made later, or earlier.
 * Optional; register one on the engine's builder.
 *
 * <p>Implementations must be thread-safe, may block (a network round trip), and report failure with an
 * unchecked exception; the engine then keeps the checkpoint without a token and says so in its log.
 */
public interface TimestampAuthority {

  /**
   * Returns the DER encoding of an RFC 3161 {@code TimeStampToken} (a CMS SignedData) whose message
   * imprint is SHA-256 with {@code sha256OfCheckpoint}, the 32-byte SHA-256 of the signed note's bytes.
   * Implementations check the authority's answer (status, imprint, nonce) before returning it.
   */
  byte[] timestamp(byte[] sha256OfCheckpoint);
}
