package io.evidencekit.verify;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.spi.CheckpointSigner;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A public key that checks signed-note signatures, as written in the C2SP vkey form
 * {@code <name>+<hex key hash>+<base64(0x01 || 32-byte Ed25519 public key)>}. Only Ed25519 (signature
 * type 0x01) is supported. Immutable and thread-safe.
 */
public record NoteVerifierKey(String name, int keyHash, byte[] publicKey) {
  private static final int ED25519_KEY_SIZE = 32;
  private static final int ED25519_SIGNATURE_SIZE = 64;
  private static final Pattern HASH_HEX = Pattern.compile("[0-9a-f]{8}");

  public NoteVerifierKey {
    requireKeyName(name, "key name");
    Objects.requireNonNull(publicKey, "publicKey");
    if (publicKey.length != ED25519_KEY_SIZE) {
      throw Hashes.invalid("an Ed25519 public key is " + ED25519_KEY_SIZE + " bytes (was " + publicKey.length + ")");
    }
    publicKey = publicKey.clone();
    if (keyHash != keyHash(name, CheckpointSigner.ED25519, publicKey)) {
      throw Hashes.invalid("the key hash " + hex(keyHash) + " does not belong to key " + name);
    }
  }

  /** The key of an Ed25519 public key under a name. */
  public static NoteVerifierKey of(String name, byte[] publicKey) {
    requireKeyName(name, "key name");
    return new NoteVerifierKey(name, keyHash(name, CheckpointSigner.ED25519, publicKey), publicKey);
  }

  /** The key that checks what {@code signer} signs. */
  public static NoteVerifierKey of(CheckpointSigner signer) {
    if (signer.algorithm() != CheckpointSigner.ED25519) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "only Ed25519 checkpoint signers are supported, not " + signer.algorithmName());
    }
    return of(signer.keyName(), signer.publicKey());
  }

  /** Parses a vkey line (no surrounding whitespace). */
  public static NoteVerifierKey parse(String vkey) {
    Objects.requireNonNull(vkey, "vkey");
    int first = vkey.indexOf('+');
    int second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
    if (second < 0) {
      throw Hashes.invalid("a verifier key reads <name>+<key hash>+<base64 key>");
    }
    String name = vkey.substring(0, first);
    String hash = vkey.substring(first + 1, second);
    if (!HASH_HEX.matcher(hash).matches()) {
      throw Hashes.invalid("a verifier key's hash is 8 lower-case hex digits");
    }
    byte[] key = StrictBase64.decode(vkey.substring(second + 1))
        .orElseThrow(() -> Hashes.invalid("a verifier key's key is not canonical padded base64"));
    if (key.length == 0 || key[0] != CheckpointSigner.ED25519) {
      throw Hashes.invalid("only Ed25519 verifier keys (type 0x01) are supported");
    }
    return new NoteVerifierKey(name, Integer.parseUnsignedInt(hash, 16), Arrays.copyOfRange(key, 1, key.length));
  }

  /** The vkey line. */
  public String vkey() {
    byte[] key = new byte[1 + ED25519_KEY_SIZE];
    key[0] = CheckpointSigner.ED25519;
    System.arraycopy(publicKey, 0, key, 1, ED25519_KEY_SIZE);
    return name + "+" + hex(keyHash) + "+" + StrictBase64.encode(key);
  }

  /** Whether {@code signature} is this key's Ed25519 signature of {@code message}. */
  public boolean verifies(byte[] message, byte[] signature) {
    if (signature.length != ED25519_SIGNATURE_SIZE) {
      return false;
    }
    Ed25519PublicKeyParameters key;
    try {
      key = new Ed25519PublicKeyParameters(publicKey, 0);
    } catch (IllegalArgumentException e) {
      return false; // not a point on the curve: nothing verifies under it
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, key);
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NoteVerifierKey k && k.name.equals(name) && k.keyHash == keyHash && Arrays.equals(k.publicKey, publicKey);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + keyHash;
  }

  @Override
  public String toString() {
    return vkey();
  }

  /** SHA-256(name || 0x0A || type || key)[:4], big-endian: how a note names the key of a signature. */
  static int keyHash(String name, byte algorithm, byte[] publicKey) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new EvidenceException(ErrorCode.INTERNAL, "the JDK provides no SHA-256", e);
    }
    sha256.update(name.getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) '\n');
    sha256.update(algorithm);
    sha256.update(publicKey);
    return ByteBuffer.wrap(sha256.digest()).getInt();
  }

  static String hex(int keyHash) {
    return HexFormat.of().toHexDigits(keyHash);
  }

  /** C2SP key names: non-empty, no Unicode white space, no '+', no control characters. */
  static String requireKeyName(String name, String what) {
    Objects.requireNonNull(name, what);
    if (name.isEmpty()) {
      throw Hashes.invalid(what + " must not be empty");
    }
    if (name.length() > 256) {
      throw Hashes.invalid(what + " must be at most 256 characters");
    }
    for (int i = 0; i < name.length(); ) {
      int c = name.codePointAt(i);
      if (c == '+' || Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
        throw Hashes.invalid(what + " must not contain spaces, '+' or control characters");
      }
      i += Character.charCount(c);
    }
    return name;
  }
}
