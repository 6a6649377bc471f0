package io.evidencekit.storage.s3;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.util.Objects;

/**
 * What a bucket says about Object Lock.
 *
 * @param enabled whether the bucket has Object Lock enabled
 * @param defaultRetention whether the bucket applies a default retention to every new object version
 * @param detail how this was learnt, for error messages (e.g. "GetObjectLockConfiguration: HTTP 501")
 */
record BucketLock(boolean enabled, boolean defaultRetention, String detail) {
  BucketLock {
    Objects.requireNonNull(detail, "detail");
    if (defaultRetention && !enabled) {
      throw new EvidenceException(ErrorCode.INTERNAL, "a default retention needs Object Lock");
    }
  }

  static BucketLock none(String detail) {
    return new BucketLock(false, false, detail);
  }
}
