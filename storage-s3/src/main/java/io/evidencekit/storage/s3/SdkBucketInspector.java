package io.evidencekit.storage.s3;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;

/**
 * Asks a real server. The two write probes put a few bytes under {@code <prefix>probe/} and remove
 * them: S3-compatible servers differ on exactly these points, and guessing wrong would break a promise
 * (write-once, verified checksums) that the engine relies on.
 */
final class SdkBucketInspector implements BucketInspector {
  private final S3Client client;
  private final String bucket;
  private final BlobKeys keys;

  SdkBucketInspector(S3Client client, String bucket, BlobKeys keys) {
    this.client = client;
    this.bucket = bucket;
    this.keys = keys;
  }

  @Override
  public boolean versioningEnabled() throws IOException {
    try {
      return client.getBucketVersioning(r -> r.bucket(bucket)).status() == BucketVersioningStatus.ENABLED;
    } catch (SdkException e) {
      throw S3Failures.io("GetBucketVersioning", bucket, e);
    }
  }

  @Override
  public BucketLock objectLock() throws IOException {
    GetObjectLockConfigurationResponse response;
    try {
      response = client.getObjectLockConfiguration(r -> r.bucket(bucket));
    } catch (SdkException e) {
      // 501 NotImplemented: a server without Object Lock (S3Proxy); 404
      // ObjectLockConfigurationNotFoundError: a bucket created without it. Neither can be changed later
      // by us, so both simply mean "none".
      if (S3Failures.isStatus(e, 501) || S3Failures.isStatus(e, 404)
          || "ObjectLockConfigurationNotFoundError".equals(S3Failures.errorCode(e))) {
        return BucketLock.none(S3Failures.describe("GetObjectLockConfiguration", bucket, e));
      }
      throw S3Failures.io("GetObjectLockConfiguration", bucket, e);
    }
    ObjectLockConfiguration configuration = response.objectLockConfiguration();
    if (configuration == null || configuration.objectLockEnabled() != ObjectLockEnabled.ENABLED) {
      return BucketLock.none("Object Lock is not enabled on bucket " + bucket);
    }
    boolean defaultRetention = configuration.rule() != null && configuration.rule().defaultRetention() != null;
    return new BucketLock(true, defaultRetention, "Object Lock is enabled on bucket " + bucket);
  }

  @Override
  public boolean honoursIfNoneMatch() throws IOException {
    String key = keys.newProbeKey();
    try {
      // Unconditional first: a retried conditional put could be refused because its own first attempt landed.
      client.putObject(r -> r.bucket(bucket).key(key), RequestBody.empty());
      try {
        client.putObject(r -> r.bucket(bucket).key(key).ifNoneMatch("*"), RequestBody.empty());
        return false;
      } catch (SdkException e) {
        if (S3Failures.isStatus(e, 412) || S3Failures.isStatus(e, 409)) {
          return true;
        }
        throw e;
      }
    } catch (SdkException e) {
      throw S3Failures.io("conditional-write probe", key, e);
    } finally {
      deleteQuietly(key);
    }
  }

  @Override
  public boolean verifiesSha256() throws IOException {
    String key = keys.newProbeKey();
    String wrong = Base64.getEncoder().encodeToString(sha256("not the body".getBytes(StandardCharsets.US_ASCII)));
    try {
      client.putObject(r -> r.bucket(bucket).key(key).checksumSHA256(wrong), RequestBody.fromString("probe"));
      deleteQuietly(key);
      return false;
    } catch (SdkException e) {
      if (S3Failures.isStatus(e, 400)) {
        return true;
      }
      throw S3Failures.io("checksum probe", key, e);
    }
  }

  private void deleteQuietly(String key) {
    try {
      client.deleteObject(r -> r.bucket(bucket).key(key));
    } catch (SdkException ignored) {
      // a probe object is a few bytes under probe/, which the README's lifecycle rule expires
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new EvidenceException(ErrorCode.INTERNAL, "every JDK has SHA-256", e);
    }
  }
}
