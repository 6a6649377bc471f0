package io.evidencekit.verify;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/** Checks and copies of 32-byte hashes shared by the proof records and the verifier. */
final class Hashes {
  private Hashes() {}

  static byte[] requireHash(byte[] hash, String what) {
    Objects.requireNonNull(hash, what);
    if (hash.length != Rfc6962.HASH_SIZE) {
      throw invalid(what + " must be " + Rfc6962.HASH_SIZE + " bytes (was " + hash.length + ")");
    }
    return hash;
  }

  static List<byte[]> requireHashes(List<byte[]> hashes, String what) {
    Objects.requireNonNull(hashes, what);
    for (int i = 0; i < hashes.size(); i++) {
      byte[] hash = hashes.get(i);
      // The element's name only when it is wrong: logs append and audits rebuild millions of leaves.
      if (hash == null || hash.length != Rfc6962.HASH_SIZE) {
        requireHash(hash, what + "[" + i + "]");
      }
    }
    return hashes;
  }

  /** An unmodifiable deep copy, so a record's hashes cannot change behind its back. */
  static List<byte[]> copy(List<byte[]> hashes) {
    List<byte[]> copy = new ArrayList<>(hashes.size());
    for (byte[] hash : hashes) {
      copy.add(hash.clone());
    }
    return java.util.Collections.unmodifiableList(copy);
  }

  static boolean equal(List<byte[]> a, List<byte[]> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  static int hashCode(List<byte[]> hashes) {
    int h = 1;
    for (byte[] hash : hashes) {
      h = 31 * h + Arrays.hashCode(hash);
    }
    return h;
  }

  static String base64(byte[] hash) {
    return Base64.getEncoder().encodeToString(hash);
  }

  static String base64(List<byte[]> hashes) {
    return hashes.stream().map(Hashes::base64).toList().toString();
  }

  static long requireNonNegative(long value, String what) {
    if (value < 0) {
      throw invalid(what + " must not be negative (was " + value + ")");
    }
    return value;
  }

  static EvidenceException invalid(String message) {
    return new EvidenceException(ErrorCode.INVALID_INPUT, message);
  }
}
