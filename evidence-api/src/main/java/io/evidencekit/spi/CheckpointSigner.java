package io.evidencekit.spi;

/**
 * Signs custody-log checkpoints as a C2SP signed note (https://c2sp.org/signed-note). The default
 * implementation holds an Ed25519 key in memory; a host can instead sign in an HSM or a KMS, which
 * only needs these three operations.
 *
 * <p>The note's key hash is {@code SHA-256(keyName || 0x0A || algorithm() || publicKey())[:4]}, and a
 * verifier names the key as {@code <keyName>+<hex key hash>+<base64(algorithm() || publicKey())>}.
 * Implementations must be thread-safe.
 */
public interface CheckpointSigner {

  /** The C2SP signature type of Ed25519, the default. */
  byte ED25519 = 0x01;

  /** The note key name: non-empty, no spaces or {@code +}; conventionally the log's origin. */
  String keyName();

  /** The raw public key (for Ed25519 the 32-byte encoding of RFC 8032). A fresh copy on every call. */
  byte[] publicKey();

  /** Signs {@code message} (the note text, UTF-8). May block on a remote signer; failures are unchecked. */
  byte[] sign(byte[] message);

  /** The C2SP signature type byte identifying the algorithm; {@link #ED25519} unless overridden. */
  default byte algorithm() {
    return ED25519;
  }

  /** The algorithm's name for people and logs. */
  default String algorithmName() {
    return algorithm() == ED25519 ? "Ed25519" : "signature type 0x" + Integer.toHexString(algorithm() & 0xff);
  }
}
