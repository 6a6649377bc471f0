package io.evidencekit.verify;

import java.util.Arrays;
import java.util.List;

/**
 * Evidence that the tree of {@code size2} leaves with root {@code root2} is the tree of {@code size1}
 * leaves with root {@code root1} with leaves only appended (RFC 9162 section 2.1.4). Holds copies of
 * the hashes it is given; immutable. Structurally valid does not mean true: call {@link #verify()}.
 */
public record ConsistencyProof(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof) {

  public ConsistencyProof {
    Hashes.requireNonNegative(size1, "size1");
    Hashes.requireNonNegative(size2, "size2");
    root1 = Hashes.requireHash(root1, "root1").clone();
    root2 = Hashes.requireHash(root2, "root2").clone();
    proof = Hashes.copy(Hashes.requireHashes(proof, "proof"));
  }

  /** Checks the proof against its own roots; see {@link ProofVerifier#verifyConsistency}. */
  public Verification verify() {
    return ProofVerifier.verifyConsistency(size1, size2, proof, root1, root2);
  }

  @Override
  public byte[] root1() {
    return root1.clone();
  }

  @Override
  public byte[] root2() {
    return root2.clone();
  }

  @Override
  public List<byte[]> proof() {
    return Hashes.copy(proof);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConsistencyProof p
        && p.size1 == size1
        && p.size2 == size2
        && Arrays.equals(p.root1, root1)
        && Arrays.equals(p.root2, root2)
        && Hashes.equal(p.proof, proof);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(size1) * 31 + Long.hashCode(size2) + Arrays.hashCode(root2) + Hashes.hashCode(proof);
  }

  @Override
  public String toString() {
    return "ConsistencyProof[size1=" + size1 + ", size2=" + size2 + ", root1=" + Hashes.base64(root1)
        + ", root2=" + Hashes.base64(root2) + ", proof=" + Hashes.base64(proof) + "]";
  }
}
