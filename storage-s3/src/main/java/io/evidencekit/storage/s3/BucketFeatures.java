package io.evidencekit.storage.s3;

import java.io.IOException;
import java.util.Objects;

/** What a bucket and its server were found to support, once, when the store started. */
record BucketFeatures(boolean versioning, BucketLock objectLock, boolean conditionalWrites, boolean sha256Checksums) {
  BucketFeatures {
    Objects.requireNonNull(objectLock, "objectLock");
  }

  static BucketFeatures detect(BucketInspector bucket) throws IOException {
    // Writes first: servers without Object Lock may drop the connection after answering its query with
    // 501, and the JDK's HTTP client then finds that connection stale when it next sends a body.
    boolean conditionalWrites = bucket.honoursIfNoneMatch();
    boolean sha256Checksums = bucket.verifiesSha256();
    boolean versioning = bucket.versioningEnabled();
    return new BucketFeatures(versioning, bucket.objectLock(), conditionalWrites, sha256Checksums);
  }
}
