package io.evidencekit.storage.s3;

import java.io.IOException;
import java.util.Objects;

/** What a bucket and its server were found to support, once, when the store started. */
record BucketFeatures(boolean versioning, BucketLock objectLock, boolean conditionalWrites, boolean sha256Checksums) {
  BucketFeatures {
    Objects.requireNonNull(objectLock, "objectLock");
  }

  static BucketFeatures detect(BucketInspector bucket) throws IOException {
    return new BucketFeatures(bucket.versioningEnabled(), bucket.objectLock(), bucket.honoursIfNoneMatch(),
        bucket.verifiesSha256());
  }
}
