package io.evidencekit.spi;

/**
 * Signs custody-log checkpoints as a C2SP signed note (https://c2sp.org/signed-note). The default
 * implementation holds an Ed25519 key in memory; a host can instead sign in an HSM or a KMS, which
 * only needs these operations.
 *
 * <p>The note's key hash is {@code SHA-256(keyName || 0x0A || algorithm() || publicKey())[:4]}, and a
 * verifier names the key as {@code <keyName>+<hex key hash>+<base64(algorithm() || publicKey())>}. The
 * engine and {@code evidence-verify} check only Ed25519 signatures today: building an engine with a
 * signer of another type fails with {@code CONFIGURATION}.
 *
 * <h2>Contract</h2>
 *
 * Each rule names the test of {@code CheckpointSignerContract} (module {@code evidence-tck}) that checks
 * it. Tests that verify Ed25519 signatures form a group ({@code Ed25519}) whose tests a signer of another
 * type skips.
 *
 * <ul>
 *   <li><b>The key.</b> {@link #keyName()} is a valid note key name, the same on every call
 *       ({@code keyNameIsANoteKeyName}); {@link #publicKey()} is the same key on every call and a fresh
 *       copy each time ({@code publicKeyIsAFreshCopy}); for Ed25519 it is 32 bytes ({@code ed25519Key}).
 *       The verifier key the implementation publishes, if it publishes one, is the one above
 *       ({@code publishedKeyIsTheNoteKey}).
 *   <li><b>Signatures.</b> {@link #sign} signs exactly the bytes it is given (the note text, UTF-8,
 *       including its final newline): the signature verifies under {@link #publicKey()} over those bytes
 *       and over no other ({@code signatureVerifies}, {@code signatureBindsTheExactText}). It signs any
 *       bytes, empty ones too, without judging them: the engine only passes note texts it built
 *       ({@code signsAnyBytes}). It leaves the caller's array unchanged ({@code messageLeftUnchanged}).
 *   <li><b>Determinism.</b> Ed25519 (RFC 8032) is deterministic: the same text signed twice gives the
 *       same signature ({@code ed25519IsDeterministic}). Other types need not be.
 *   <li><b>Threads.</b> Thread-safe: concurrent signatures are each correct ({@code concurrentSigning}).
 *   <li><b>One failure channel.</b> {@link #sign} returns a signature or throws an
 *       {@link io.evidencekit.api.EvidenceException}, for example when a remote signer cannot be reached;
 *       it never returns an empty or partial signature ({@code unavailableSignerThrows}). The engine then
 *       keeps no checkpoint, and the next scheduled one is tried again.
 *   <li><b>Secrets.</b> {@code toString()} never shows private key material ({@code toStringHidesTheKey}).
 *   <li><b>Who closes what.</b> The host owns the signer (and any HSM session behind it); the engine
 *       never closes it.
 * </ul>
 */
public interface CheckpointSigner {

  /** The C2SP signature type of Ed25519, the default. */
  byte ED25519 = 0x01;

  /** The note key name: non-empty, no spaces, {@code +} or control characters; conventionally the log's origin. */
  String keyName();

  /** The raw public key (for Ed25519 the 32-byte encoding of RFC 8032). A fresh copy on every call. */
  byte[] publicKey();

  /**
   * Signs {@code message} (the note text, UTF-8) as it is. May block on a remote signer.
   *
   * @throws io.evidencekit.api.EvidenceException if no signature could be made
   */
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
