package io.evidencekit.storage.s3;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** JDK SHA-256, which uses the CPU's SHA instructions where there are any. */
final class Sha256s {
  private Sha256s() {}

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new EvidenceException(ErrorCode.INTERNAL, "every JDK has SHA-256", e);
    }
  }
}
