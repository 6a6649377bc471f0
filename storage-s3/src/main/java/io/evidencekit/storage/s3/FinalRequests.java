package io.evidencekit.storage.s3;

import io.evidencekit.api.Sha256;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.function.BiConsumer;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Builds the requests that create a blob at its content address: conditional on the key being free, with
 * our SHA-256 as metadata (and as the S3 checksum where the body is sent whole) and the planned Object
 * Lock headers. Staging objects never get lock headers: they must stay deletable.
 */
final class FinalRequests {
  /** User metadata key (sent as {@code x-amz-meta-sha256}) holding the digest the engine computed. */
  static final String SHA256_METADATA = "sha256";

  private final String bucket;
  private final LockPlan lock;
  private final boolean conditionalWrites;
  private final Clock clock;

  FinalRequests(String bucket, LockPlan lock, boolean conditionalWrites, Clock clock) {
    this.bucket = bucket;
    this.lock = lock;
    this.conditionalWrites = conditionalWrites;
    this.clock = clock;
  }

  /** A single-request upload of the whole blob, verified by the server against our digest. */
  PutObjectRequest put(String key, Sha256 sha256, long size) {
    PutObjectRequest.Builder request = PutObjectRequest.builder()
        .bucket(bucket)
        .key(key)
        .contentLength(size)
        .contentType("application/octet-stream")
        .checksumSHA256(Base64.getEncoder().encodeToString(sha256.bytes()))
        .metadata(Map.of(SHA256_METADATA, sha256.hex()));
    if (conditionalWrites) {
      request.ifNoneMatch("*");
    }
    applyLock((mode, until) -> request.objectLockMode(mode).objectLockRetainUntilDate(until),
        () -> request.objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON));
    return request.build();
  }

  /** The multipart upload that the server-side copy of a large blob fills. */
  CreateMultipartUploadRequest createCopyTarget(String key, Sha256 sha256) {
    CreateMultipartUploadRequest.Builder request = CreateMultipartUploadRequest.builder()
        .bucket(bucket)
        .key(key)
        .contentType("application/octet-stream")
        .metadata(Map.of(SHA256_METADATA, sha256.hex()));
    applyLock((mode, until) -> request.objectLockMode(mode).objectLockRetainUntilDate(until),
        () -> request.objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON));
    return request.build();
  }

  /**
   * A PutObject whose body is streamed while the blob is written, to a unique key: the digest is not
   * known when it starts, so the SDK computes the SHA-256 checksum as it sends and passes it as a trailer
   * the server verifies; the writer compares it with ours before the last byte goes out.
   */
  PutObjectRequest streamedPut(String key, long size) {
    PutObjectRequest.Builder request = PutObjectRequest.builder()
        .bucket(bucket)
        .key(key)
        .contentLength(size)
        .contentType("application/octet-stream")
        .checksumAlgorithm(ChecksumAlgorithm.SHA256);
    if (conditionalWrites) {
      request.ifNoneMatch("*"); // a unique key should be free; this makes sure nothing is ever replaced
    }
    applyLock((mode, until) -> request.objectLockMode(mode).objectLockRetainUntilDate(until),
        () -> request.objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON));
    return request.build();
  }

  /**
   * A multipart upload straight to a unique final key: lock headers apply, and per-part SHA-256 checksums
   * (the digest of the whole is not known at the start, so it cannot go in the metadata).
   */
  CreateMultipartUploadRequest createInPlace(String key) {
    CreateMultipartUploadRequest.Builder request = CreateMultipartUploadRequest.builder()
        .bucket(bucket)
        .key(key)
        .contentType("application/octet-stream")
        .checksumAlgorithm(ChecksumAlgorithm.SHA256);
    applyLock((mode, until) -> request.objectLockMode(mode).objectLockRetainUntilDate(until),
        () -> request.objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON));
    return request.build();
  }

  /** Whether completing the copy can be made conditional; when not, the store checks first (racy). */
  boolean conditionalWrites() {
    return conditionalWrites;
  }

  /**
   * Sets the Object Lock headers the settings ask for on a request builder (the SDK's builders share no
   * interface for them): a retention mode with its retain-until date, and a legal hold.
   */
  private void applyLock(BiConsumer<ObjectLockMode, Instant> retention, Runnable legalHold) {
    lock.applied().ifPresent(settings -> {
      settings.mode().ifPresent(mode ->
          retention.accept(ObjectLockMode.fromValue(mode.name()), clock.instant().plus(settings.retention())));
      if (settings.legalHold()) {
        legalHold.run();
      }
    });
  }
}
