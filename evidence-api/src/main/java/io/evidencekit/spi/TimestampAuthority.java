package io.evidencekit.spi;

/**
 * Obtains an RFC 3161 time-stamp over a custody-log checkpoint, anchoring it in time with a third
 * party: afterwards not even the log's operator can claim the checkpoint was made later, or earlier.
 * Optional; register one on the engine's builder.
 *
 * <h2>Contract</h2>
 *
 * There is no kit for time-stamp authorities yet: a token can only be checked with a CMS parser, which
 * {@code evidence-tck} does not carry. The rules below are checked for the built-in
 * {@code Rfc3161HttpTimestampAuthority} by {@code TimestampAnchorTest} in {@code evidence-core}.
 *
 * <ul>
 *   <li><b>Threads.</b> Thread-safe; may block for a network round trip, up to its own timeout.
 *   <li><b>Checked answers.</b> The token returned is for exactly the imprint asked, and, for a request
 *       with a nonce, that nonce ({@code answerForAnotherImprintIsRefused},
 *       {@code tokenFromAnotherAuthorityIsRefused}).
 *   <li><b>One failure channel: an unchecked exception</b>, preferably an
 *       {@link io.evidencekit.api.EvidenceException} ({@code INTEGRITY_FAILURE} for an answer that does
 *       not check out). It never returns {@code null} or an unchecked token. The engine then keeps the
 *       checkpoint without a token and says so in its log ({@code authorityDown}).
 *   <li><b>Who closes what.</b> The host owns the authority and any HTTP client behind it.
 * </ul>
 */
public interface TimestampAuthority {

  /**
   * Returns the DER encoding of an RFC 3161 {@code TimeStampToken} (a CMS SignedData) whose message
   * imprint is SHA-256 with {@code sha256OfCheckpoint}, the 32-byte SHA-256 of the signed note's bytes.
   * Implementations check the authority's answer (status, imprint, nonce) before returning it.
   */
  byte[] timestamp(byte[] sha256OfCheckpoint);
}
