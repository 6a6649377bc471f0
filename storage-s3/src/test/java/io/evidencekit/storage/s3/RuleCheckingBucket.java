package io.evidencekit.storage.s3;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * A bucket that answers the store's start-up questions as configured and judges the store's requests
 * by S3's Object Lock rules, as AWS documents them: lock headers need a bucket with Object Lock; a
 * retention needs both a mode and a retain-until date in the future; a PutObject with lock headers needs
 * an integrity checksum. Accepted requests are kept for the test to inspect.
 */
final class RuleCheckingBucket implements BucketInspector {
  private final BucketLock lock;
  private final boolean versioning;
  private final Clock clock;
  private final List<Object> accepted = new ArrayList<>();

  private RuleCheckingBucket(BucketLock lock, boolean versioning, Clock clock) {
    this.lock = lock;
    this.versioning = versioning;
    this.clock = clock;
  }

  /** Like S3Proxy or MinIO without locking: GetObjectLockConfiguration is not implemented. */
  static RuleCheckingBucket withoutObjectLock(Clock clock) {
    return new RuleCheckingBucket(BucketLock.none("GetObjectLockConfiguration: HTTP 501 NotImplemented"), false, clock);
  }

  /** A bucket created with Object Lock (which S3 always versions), with or without a default retention. */
  static RuleCheckingBucket withObjectLock(boolean defaultRetention, Clock clock) {
    return new RuleCheckingBucket(new BucketLock(true, defaultRetention, "enabled"), true, clock);
  }

  @Override
  public boolean versioningEnabled() {
    return versioning;
  }

  @Override
  public BucketLock objectLock() {
    return lock;
  }

  @Override
  public boolean honoursIfNoneMatch() {
    return true;
  }

  @Override
  public boolean verifiesSha256() {
    return true;
  }

  List<Object> accepted() {
    return accepted;
  }

  void accept(PutObjectRequest request) {
    checkLock(request.objectLockMode(), request.objectLockRetainUntilDate(), request.objectLockLegalHoldStatus());
    boolean locking = request.objectLockMode() != null || request.objectLockLegalHoldStatus() != null;
    if (locking && request.contentMD5() == null && request.checksumSHA256() == null && request.checksumCRC32() == null) {
      throw new IllegalArgumentException("InvalidRequest: Content-MD5 or x-amz-checksum required with Object Lock parameters");
    }
    accepted.add(request);
  }

  void accept(CreateMultipartUploadRequest request) {
    checkLock(request.objectLockMode(), request.objectLockRetainUntilDate(), request.objectLockLegalHoldStatus());
    accepted.add(request);
  }

  private void checkLock(@Nullable ObjectLockMode mode, @Nullable Instant retainUntil, @Nullable ObjectLockLegalHoldStatus hold) {
    if ((mode != null || retainUntil != null || hold != null) && !lock.enabled()) {
      throw new IllegalArgumentException("InvalidRequest: Bucket is missing Object Lock Configuration");
    }
    if ((mode == null) != (retainUntil == null)) {
      throw new IllegalArgumentException("InvalidArgument: x-amz-object-lock-mode and retain-until-date go together");
    }
    if (retainUntil != null && !retainUntil.isAfter(clock.instant())) {
      throw new IllegalArgumentException("InvalidArgument: the retain until date must be in the future");
    }
  }
}
