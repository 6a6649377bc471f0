package io.evidencekit.verify;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * RFC 6962 (RFC 9162 section 2.1.1) Merkle tree hashing with SHA-256. The 0x00 and 0x01 prefixes keep
 * a leaf from ever being mistaken for an interior node (second-preimage resistance).
 *
 * <p>Instances hold a {@link MessageDigest} and are therefore not thread-safe: make one per thread or
 * per operation (creation is cheap). The JDK digest is used because it runs on the SHA-NI intrinsic.
 */
public final class Rfc6962 {
  /** Bytes in every hash of the tree. */
  public static final int HASH_SIZE = 32;

  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;

  private final MessageDigest sha256;

  public Rfc6962() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new EvidenceException(ErrorCode.INTERNAL, "the JDK provides no SHA-256", e);
    }
  }

  /** SHA-256(0x00 || data): the hash a leaf contributes to the tree. */
  public byte[] leafHash(byte[] data) {
    sha256.update(LEAF_PREFIX);
    sha256.update(data);
    return sha256.digest();
  }

  /** SHA-256(0x01 || left || right). */
  public byte[] nodeHash(byte[] left, byte[] right) {
    sha256.update(NODE_PREFIX);
    sha256.update(left);
    sha256.update(right);
    return sha256.digest();
  }

  /**
   * The same as {@link #nodeHash(byte[], byte[])} for two 32-byte hashes stored side by side in one buffer,
   * saving two array copies: a log builder hashes whole tiles this way.
   */
  public byte[] nodeHash(byte[] buffer, int leftOffset, int rightOffset) {
    sha256.update(NODE_PREFIX);
    sha256.update(buffer, leftOffset, HASH_SIZE);
    sha256.update(buffer, rightOffset, HASH_SIZE);
    return sha256.digest();
  }

  /** The root of the empty tree: SHA-256 of no bytes. */
  public byte[] emptyRoot() {
    return sha256.digest();
  }
}
