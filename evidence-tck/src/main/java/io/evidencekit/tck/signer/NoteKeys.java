package io.evidencekit.tck.signer;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * C2SP signed-note key arithmetic and Ed25519 verification with the JDK's own provider, so the kit checks a
 * signer against an implementation other than the one it probably uses. Stateless.
 */
public final class NoteKeys {
  /** Bytes in an Ed25519 public key (RFC 8032). */
  public static final int ED25519_KEY_BYTES = 32;
  /** Bytes in an Ed25519 signature (RFC 8032). */
  public static final int ED25519_SIGNATURE_BYTES = 64;

  /** The DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410), followed by the raw key. */
  private static final byte[] ED25519_SPKI_PREFIX = {
      0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

  private NoteKeys() {}

  /** {@code type || key}: the bytes a verifier key carries in base64. */
  public static byte[] typeAndKey(byte type, byte[] publicKey) {
    byte[] out = new byte[1 + publicKey.length];
    out[0] = type;
    System.arraycopy(publicKey, 0, out, 1, publicKey.length);
    return out;
  }

  /** The 4-byte key hash of C2SP signed-note: {@code SHA-256(name || 0x0A || type || key)[:4]}. */
  public static byte[] keyHash(String name, byte type, byte[] publicKey) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
    sha256.update(name.getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) '\n');
    sha256.update(typeAndKey(type, publicKey));
    return Arrays.copyOf(sha256.digest(), 4);
  }

  /** Whether {@code signature} is a valid Ed25519 signature of {@code message} under the raw 32-byte {@code publicKey}. */
  public static boolean ed25519Verifies(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey.length != ED25519_KEY_BYTES || signature.length != ED25519_SIGNATURE_BYTES) {
      return false;
    }
    byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + ED25519_KEY_BYTES);
    System.arraycopy(publicKey, 0, spki, ED25519_SPKI_PREFIX.length, ED25519_KEY_BYTES);
    try {
      PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // not a key or not a signature: nothing verifies
    }
  }
}
