package io.evidencekit.verify;

import java.util.Arrays;
import java.util.Objects;

/** One signature line of a signed note: the signer's key name, key hash and raw signature. Immutable. */
public record NoteSignature(String keyName, int keyHash, byte[] signature) {

  public NoteSignature {
    NoteVerifierKey.requireKeyName(keyName, "signature key name");
    Objects.requireNonNull(signature, "signature");
    if (signature.length == 0) {
      throw Hashes.invalid("a note signature must not be empty");
    }
    signature = signature.clone();
  }

  /** The line, without its final newline: {@code — <name> <base64(key hash || signature)>}. */
  public String line() {
    byte[] payload = new byte[4 + signature.length];
    payload[0] = (byte) (keyHash >>> 24);
    payload[1] = (byte) (keyHash >>> 16);
    payload[2] = (byte) (keyHash >>> 8);
    payload[3] = (byte) keyHash;
    System.arraycopy(signature, 0, payload, 4, signature.length);
    return SignedNote.SIGNATURE_PREFIX + keyName + " " + StrictBase64.encode(payload);
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NoteSignature s && s.keyName.equals(keyName) && s.keyHash == keyHash && Arrays.equals(s.signature, signature);
  }

  @Override
  public int hashCode() {
    return keyName.hashCode() * 31 + keyHash;
  }

  @Override
  public String toString() {
    return line();
  }
}
