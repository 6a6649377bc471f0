package io.evidencekit.verify;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.util.Arrays;
import java.util.Base64;

/** The size of the custody log and the RFC 6962 root of its tree at that size. Immutable. */
public record TreeHead(long size, byte[] root) {
  public TreeHead {
    if (size < 0 || root.length != 32) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a tree head has a size from 0 and a 32-byte root");
    }
    root = root.clone();
  }

  @Override
  public byte[] root() {
    return root.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TreeHead t && t.size == size && Arrays.equals(t.root, root);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(size) * 31 + Arrays.hashCode(root);
  }

  @Override
  public String toString() {
    return "TreeHead[size=" + size + ", root=" + Base64.getEncoder().encodeToString(root) + "]";
  }
}
