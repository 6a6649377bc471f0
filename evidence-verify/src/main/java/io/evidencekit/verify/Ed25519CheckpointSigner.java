package io.evidencekit.verify;

import io.evidencekit.spi.CheckpointSigner;
import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The default {@link CheckpointSigner}: an Ed25519 key held in memory, signing with Bouncy Castle's
 * lightweight API (no JCA provider is registered). Thread-safe: each signature uses its own signer.
 * {@link #toString()} never shows the private key.
 */
public final class Ed25519CheckpointSigner implements CheckpointSigner {
  private static final int PRIVATE_KEY_SIZE = Ed25519PrivateKeyParameters.KEY_SIZE;

  private final String keyName;
  private final Ed25519PrivateKeyParameters privateKey;
  private final byte[] publicKey;

  private Ed25519CheckpointSigner(String keyName, Ed25519PrivateKeyParameters privateKey) {
    this.keyName = NoteVerifierKey.requireKeyName(keyName, "key name");
    this.privateKey = privateKey;
    this.publicKey = privateKey.generatePublicKey().getEncoded();
  }

  /** A new key drawn from {@code random}. */
  public static Ed25519CheckpointSigner generate(String keyName, SecureRandom random) {
    Objects.requireNonNull(random, "random");
    return new Ed25519CheckpointSigner(keyName, new Ed25519PrivateKeyParameters(random));
  }

  /** The key whose 32-byte private key (RFC 8032 seed) is {@code privateKey}, as {@link #privateKey()} returns it. */
  public static Ed25519CheckpointSigner fromPrivateKey(String keyName, byte[] privateKey) {
    Objects.requireNonNull(privateKey, "privateKey");
    if (privateKey.length != PRIVATE_KEY_SIZE) {
      throw Hashes.invalid("an Ed25519 private key is " + PRIVATE_KEY_SIZE + " bytes (was " + privateKey.length + ")");
    }
    return new Ed25519CheckpointSigner(keyName, new Ed25519PrivateKeyParameters(privateKey, 0));
  }

  /** The 32-byte private key, for the host to keep secret (a copy). */
  public byte[] privateKey() {
    return privateKey.getEncoded();
  }

  /** The verifier key to publish: whoever holds it can check this signer's checkpoints. */
  public NoteVerifierKey verifierKey() {
    return NoteVerifierKey.of(keyName, publicKey);
  }

  @Override
  public String keyName() {
    return keyName;
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public byte[] sign(byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, privateKey);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  @Override
  public String toString() {
    return "Ed25519CheckpointSigner[" + verifierKey().vkey() + "]";
  }
}
