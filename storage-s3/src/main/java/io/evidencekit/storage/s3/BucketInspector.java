package io.evidencekit.storage.s3;

import java.io.IOException;

/**
 * The questions a store asks its bucket once, at start-up, to learn what it can promise. Narrow so that
 * the decisions built on the answers can be checked against a rule-checking fake as well as a server.
 */
interface BucketInspector {
  /** Whether bucket versioning is Enabled (not Suspended, not never set). */
  boolean versioningEnabled() throws IOException;

  /** The bucket's Object Lock configuration; a server without Object Lock reports none. */
  BucketLock objectLock() throws IOException;

  /** Whether the server refuses {@code If-None-Match: *} on a key that exists (conditional create). */
  boolean honoursIfNoneMatch() throws IOException;

  /** Whether the server refuses an upload whose {@code x-amz-checksum-sha256} does not match its bytes. */
  boolean verifiesSha256() throws IOException;
}
