package io.evidencekit.storage.s3;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.io.IOException;
import java.io.InterruptedIOException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns SDK exceptions into the SPI's. Messages name the operation, the key and S3's status and error
 * code only: the SDK's own messages are kept as the cause, and never carry the secret key.
 */
final class S3Failures {
  private S3Failures() {}

  static boolean isStatus(SdkException e, int status) {
    return e instanceof AwsServiceException service && service.statusCode() == status;
  }

  static String errorCode(SdkException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
        && service.awsErrorDetails().errorCode() != null) {
      return service.awsErrorDetails().errorCode();
    }
    return "";
  }

  /** An IOException for a failed call; an interrupted call keeps the thread's interrupt visible. */
  static IOException io(String operation, String key, SdkException e) {
    if (e instanceof AbortedException || Thread.currentThread().isInterrupted()) {
      InterruptedIOException interrupted = new InterruptedIOException("S3 " + operation + " of " + key + " was interrupted");
      interrupted.initCause(e);
      return interrupted;
    }
    return new IOException(describe(operation, key, e), e);
  }

  static EvidenceException notFound(String key) {
    return new EvidenceException(ErrorCode.BLOB_NOT_FOUND, "no blob at " + key + " in the S3 store");
  }

  static String describe(String operation, String key, SdkException e) {
    if (e instanceof AwsServiceException service) {
      String code = errorCode(e);
      return "S3 " + operation + " of " + key + " failed: HTTP " + service.statusCode() + (code.isEmpty() ? "" : " " + code);
    }
    return "S3 " + operation + " of " + key + " failed: " + e.getClass().getSimpleName();
  }
}
