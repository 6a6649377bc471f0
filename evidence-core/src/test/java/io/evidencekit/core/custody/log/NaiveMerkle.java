package io.evidencekit.core.custody.log;

import io.evidencekit.verify.Rfc6962;
import java.util.List;

/**
 * The RFC 9162 section 2.1.1 definition of MTH, recursion and all: slow, obviously right, for comparison.
 * (evidence-verify's tests hold the same definition with PATH and PROOF, which its proofs come from.)
 */
final class NaiveMerkle {
  private NaiveMerkle() {}

  static byte[] root(List<byte[]> leafHashes) {
    Rfc6962 hasher = new Rfc6962();
    return leafHashes.isEmpty() ? hasher.emptyRoot() : mth(hasher, leafHashes, 0, leafHashes.size());
  }

  private static byte[] mth(Rfc6962 hasher, List<byte[]> leaves, int from, int to) {
    int n = to - from;
    if (n == 1) {
      return leaves.get(from);
    }
    int k = Integer.highestOneBit(n - 1);
    return hasher.nodeHash(mth(hasher, leaves, from, from + k), mth(hasher, leaves, from + k, to));
  }
}
