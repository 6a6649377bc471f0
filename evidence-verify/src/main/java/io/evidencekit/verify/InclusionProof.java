package io.evidencekit.verify;

import java.util.Arrays;
import java.util.List;

/**
 * Evidence that the leaf with hash {@code leafHash} is leaf number {@code leafIndex} of the tree of
 * {@code treeSize} leaves whose root is {@code root} (RFC 9162 section 2.1.3). Holds copies of the
 * hashes it is given; immutable. Structurally valid does not mean true: call {@link #verify()}.
 */
public record InclusionProof(long leafIndex, long treeSize, byte[] root, byte[] leafHash, List<byte[]> proof) {

  public InclusionProof {
    Hashes.requireNonNegative(leafIndex, "leafIdx");
    Hashes.requireNonNegative(treeSize, "treeSize");
    root = Hashes.requireHash(root, "root").clone();
    leafHash = Hashes.requireHash(leafHash, "leafHash").clone();
    proof = Hashes.copy(Hashes.requireHashes(proof, "proof"));
  }

  /** Checks the proof against its own root; see {@link ProofVerifier#verifyInclusion}. */
  public Verification verify() {
    return ProofVerifier.verifyInclusion(leafIndex, treeSize, leafHash, proof, root);
  }

  @Override
  public byte[] root() {
    return root.clone();
  }

  @Override
  public byte[] leafHash() {
    return leafHash.clone();
  }

  @Override
  public List<byte[]> proof() {
    return Hashes.copy(proof);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InclusionProof p
        && p.leafIndex == leafIndex
        && p.treeSize == treeSize
        && Arrays.equals(p.root, root)
        && Arrays.equals(p.leafHash, leafHash)
        && Hashes.equal(p.proof, proof);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(leafIndex) * 31 + Long.hashCode(treeSize) + Arrays.hashCode(root) + Hashes.hashCode(proof);
  }

  @Override
  public String toString() {
    return "InclusionProof[leafIdx=" + leafIndex + ", treeSize=" + treeSize + ", root=" + Hashes.base64(root)
        + ", leafHash=" + Hashes.base64(leafHash) + ", proof=" + Hashes.base64(proof) + "]";
  }
}
