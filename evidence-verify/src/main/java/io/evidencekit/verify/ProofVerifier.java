package io.evidencekit.verify;

import java.security.MessageDigest;
import java.util.List;

/**
 * Checks inclusion and consistency proofs exactly as RFC 9162 sections 2.1.3.2 and 2.1.4.2 describe,
 * with nothing but the JDK, so that anyone can audit these few lines against the RFC.
 *
 * <p>Malformed arguments (a negative number, a hash that is not 32 bytes) are refused with
 * {@code INVALID_INPUT}; a well-formed proof that does not hold is answered with a failed
 * {@link Verification} saying why. Thread-safe: holds no state.
 */
public final class ProofVerifier {
  private ProofVerifier() {}

  /** Whether {@code proof} shows that {@code leafHash} is leaf {@code leafIndex} of the tree of {@code treeSize} with {@code root}. */
  public static Verification verifyInclusion(
      long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] root) {
    Hashes.requireNonNegative(leafIndex, "leafIdx");
    Hashes.requireNonNegative(treeSize, "treeSize");
    Hashes.requireHash(leafHash, "leafHash");
    Hashes.requireHashes(proof, "proof");
    Hashes.requireHash(root, "root");

    if (leafIndex >= treeSize) {
      return Verification.failed("leaf index " + leafIndex + " is not in a tree of size " + treeSize);
    }
    Rfc6962 hasher = new Rfc6962();
    long fn = leafIndex;
    long sn = treeSize - 1;
    byte[] r = leafHash;
    for (byte[] p : proof) {
      if (sn == 0) {
        return Verification.failed("the proof has more hashes than a tree of size " + treeSize + " needs");
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = hasher.nodeHash(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        r = hasher.nodeHash(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      return Verification.failed("the proof has fewer hashes than a tree of size " + treeSize + " needs");
    }
    if (!MessageDigest.isEqual(r, root)) {
      return Verification.failed("the proof leads to a different root hash: leaf " + leafIndex
          + " with this hash is not in the tree of size " + treeSize + " with this root");
    }
    return Verification.ok();
  }

  /** Whether {@code proof} shows that the tree of {@code size2} with {@code root2} extends the tree of {@code size1} with {@code root1}. */
  public static Verification verifyConsistency(
      long size1, long size2, List<byte[]> proof, byte[] root1, byte[] root2) {
    Hashes.requireNonNegative(size1, "size1");
    Hashes.requireNonNegative(size2, "size2");
    Hashes.requireHashes(proof, "proof");
    Hashes.requireHash(root1, "root1");
    Hashes.requireHash(root2, "root2");

    if (size1 > size2) {
      return Verification.failed("size1 " + size1 + " is larger than size2 " + size2 + ": a log never shrinks");
    }
    if (size1 == size2) {
      if (!proof.isEmpty()) {
        return Verification.failed("trees of equal size need an empty proof, not " + proof.size() + " hashes");
      }
      return MessageDigest.isEqual(root1, root2)
          ? Verification.ok()
          : Verification.failed("two trees of size " + size1 + " have different roots: the log forked");
    }
    if (size1 == 0) {
      // Every tree extends the empty tree; its root is fixed, so a different root1 is simply false.
      if (!proof.isEmpty()) {
        return Verification.failed("a proof from the empty tree is empty, not " + proof.size() + " hashes");
      }
      return MessageDigest.isEqual(root1, new Rfc6962().emptyRoot())
          ? Verification.ok()
          : Verification.failed("root1 is not the root of the empty tree");
    }
    if (proof.isEmpty()) {
      return Verification.failed("the proof is empty");
    }

    Rfc6962 hasher = new Rfc6962();
    int next = 0;
    byte[] first;
    if (Long.bitCount(size1) == 1) {
      first = root1; // the old tree is a complete subtree of the new one: its root is the starting point
    } else {
      first = proof.get(next++);
    }
    long fn = size1 - 1;
    long sn = size2 - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    byte[] fr = first;
    byte[] sr = first;
    for (; next < proof.size(); next++) {
      byte[] c = proof.get(next);
      if (sn == 0) {
        return Verification.failed("the proof has more hashes than sizes " + size1 + " and " + size2 + " need");
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = hasher.nodeHash(c, fr);
        sr = hasher.nodeHash(c, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        sr = hasher.nodeHash(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      return Verification.failed("the proof has fewer hashes than sizes " + size1 + " and " + size2 + " need");
    }
    if (!MessageDigest.isEqual(fr, root1)) {
      return Verification.failed("the proof does not lead to root1: the tree of size " + size1
          + " with this root is not a prefix of the tree of size " + size2);
    }
    if (!MessageDigest.isEqual(sr, root2)) {
      return Verification.failed("the proof does not lead to root2: the tree of size " + size2
          + " with this root does not extend the tree of size " + size1);
    }
    return Verification.ok();
  }
}
