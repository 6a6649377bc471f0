package io.evidencekit.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * The RFC 9162 section 2.1 definitions of MTH, PATH and PROOF, recursion and all: slow, obviously right,
 * for comparison. The verifier's tests take their proofs from here; the engine's log builder is tested
 * against the same definitions in evidence-core.
 */
final class NaiveMerkle {
  private NaiveMerkle() {}

  static byte[] root(List<byte[]> leafHashes) {
    Rfc6962 hasher = new Rfc6962();
    return leafHashes.isEmpty() ? hasher.emptyRoot() : mth(hasher, leafHashes, 0, leafHashes.size());
  }

  /** PATH(m, D[n]) with its root and leaf: the inclusion proof of leaf {@code m} in the first {@code n} leaves. */
  static InclusionProof inclusionProof(List<byte[]> leafHashes, int m, int n) {
    Rfc6962 hasher = new Rfc6962();
    List<byte[]> path = new ArrayList<>();
    path(hasher, leafHashes, m, 0, n, path);
    return new InclusionProof(m, n, root(leafHashes.subList(0, n)), leafHashes.get(m), path);
  }

  /** PROOF(m, D[n]) with both roots: the consistency proof from the first {@code m} to the first {@code n} leaves. */
  static ConsistencyProof consistencyProof(List<byte[]> leafHashes, int m, int n) {
    Rfc6962 hasher = new Rfc6962();
    List<byte[]> proof = new ArrayList<>();
    if (m > 0 && m < n) {
      subproof(hasher, leafHashes, m, 0, n, true, proof);
    }
    return new ConsistencyProof(m, n, root(leafHashes.subList(0, m)), root(leafHashes.subList(0, n)), proof);
  }

  private static byte[] mth(Rfc6962 hasher, List<byte[]> leaves, int from, int to) {
    int n = to - from;
    if (n == 1) {
      return leaves.get(from);
    }
    int k = Integer.highestOneBit(n - 1);
    return hasher.nodeHash(mth(hasher, leaves, from, from + k), mth(hasher, leaves, from + k, to));
  }

  /** PATH(m, D[from:to]), appended to {@code out}: the deeper siblings first. */
  private static void path(Rfc6962 hasher, List<byte[]> leaves, int m, int from, int to, List<byte[]> out) {
    int n = to - from;
    if (n == 1) {
      return;
    }
    int k = Integer.highestOneBit(n - 1);
    if (m < k) {
      path(hasher, leaves, m, from, from + k, out);
      out.add(mth(hasher, leaves, from + k, to));
    } else {
      path(hasher, leaves, m - k, from + k, to, out);
      out.add(mth(hasher, leaves, from, from + k));
    }
  }

  /** SUBPROOF(m, D[from:to], b), appended to {@code out}. */
  private static void subproof(Rfc6962 hasher, List<byte[]> leaves, int m, int from, int to, boolean b, List<byte[]> out) {
    int n = to - from;
    if (m == n) {
      if (!b) {
        out.add(mth(hasher, leaves, from, to));
      }
      return;
    }
    int k = Integer.highestOneBit(n - 1);
    if (m <= k) {
      subproof(hasher, leaves, m, from, from + k, b, out);
      out.add(mth(hasher, leaves, from + k, to));
    } else {
      subproof(hasher, leaves, m - k, from + k, to, false, out);
      out.add(mth(hasher, leaves, from, from + k));
    }
  }
}
