package io.evidencekit.storage.s3;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where and how an {@link S3BlobStore} stores blobs. Immutable; build with {@link #builder()}.
 *
 * @param endpoint the service endpoint, e.g. {@code https://minio.example:9000}; empty for AWS S3,
 *     whose endpoint follows from the region
 * @param region the signing region ({@code us-east-1} for most MinIO and Ceph set-ups)
 * @param bucket an existing bucket
 * @param keyPrefix prepended to every key, empty or ending in {@code /}, so several stores can share a bucket
 * @param pathStyleAccess {@code http://host/bucket/key} rather than {@code http://bucket.host/key};
 *     needed by most MinIO and Ceph set-ups
 * @param credentials a static access key; empty to use the AWS default chain (environment, profile,
 *     instance role)
 * @param partSize bytes per multipart part, also the largest blob stored with one request; at least
 *     5 MiB (S3's minimum part), at most 512 MiB
 * @param parallelism parts of one blob uploaded at once; each writer holds at most
 *     {@code parallelism + 1} part buffers
 * @param uploadThreads threads of the pool the store creates for part uploads when no executor is given
 * @param uploadExecutor an executor of the host's for part uploads; the host keeps ownership of it
 * @param copyPartSize bytes per part of the server-side copy of a large blob to its content address
 *     (raised when a blob would need more than 10,000 parts)
 * @param maxAttempts attempts per S3 request, including the first, for errors the SDK retries
 * @param objectLock Object Lock to apply to every blob; empty to apply none (a bucket default still does)
 * @param keyScheme how blobs larger than one part are named: in place under a unique key (the default,
 *     one full write on the server) or at their content address (a server-side copy at commit)
 * @param maxStreamedPut the largest blob of a size known in advance that is sent as one streaming
 *     PutObject rather than a multipart upload ({@link KeyScheme#WRITE_IN_PLACE} only); 0 never streams;
 *     at most 5 GiB, S3's limit for one PutObject
 */
public record S3Settings(
    Optional<URI> endpoint,
    String region,
    String bucket,
    String keyPrefix,
    boolean pathStyleAccess,
    Optional<StaticCredentials> credentials,
    int partSize,
    int parallelism,
    int uploadThreads,
    Optional<ExecutorService> uploadExecutor,
    long copyPartSize,
    int maxAttempts,
    Optional<ObjectLockSettings> objectLock,
    KeyScheme keyScheme,
    long maxStreamedPut) {

  public static final int MIN_PART_SIZE = 5 << 20;
  public static final int MAX_PART_SIZE = 512 << 20;
  public static final int DEFAULT_PART_SIZE = 16 << 20;
  public static final long MAX_COPY_BYTES = 5L << 30;
  /** S3's largest object sent with one PutObject. */
  public static final long MAX_PUT_BYTES = 5L << 30;

  // S3's rules for bucket names that work with both path-style and virtual-host access.
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern PREFIX = Pattern.compile("([A-Za-z0-9!_.*'()-]+/)*");

  public S3Settings {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(uploadExecutor, "uploadExecutor");
    Objects.requireNonNull(objectLock, "objectLock");
    Objects.requireNonNull(keyScheme, "keyScheme");
    endpoint.ifPresent(uri -> {
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw invalid("the S3 endpoint must be an http or https URL with a host");
      }
      if (uri.getUserInfo() != null) {
        throw invalid("the S3 endpoint must not carry credentials; set them with credentials()");
      }
    });
    if (region == null || region.isBlank()) {
      throw invalid("an S3 region is required (us-east-1 for most MinIO and Ceph set-ups)");
    }
    if (bucket == null || !BUCKET.matcher(bucket).matches()) {
      throw invalid("an S3 bucket name is 3 to 63 lower-case letters, digits, dots and hyphens");
    }
    if (keyPrefix == null || !PREFIX.matcher(keyPrefix).matches() || keyPrefix.length() > 200) {
      throw invalid("a key prefix is empty or safe path segments each ending in '/', at most 200 characters");
    }
    if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
      throw invalid("the part size must be between 5 MiB and 512 MiB");
    }
    if (parallelism < 1 || parallelism > 64) {
      throw invalid("upload parallelism must be between 1 and 64");
    }
    if (uploadThreads < 1 || uploadThreads > 256) {
      throw invalid("upload threads must be between 1 and 256");
    }
    if (copyPartSize < MIN_PART_SIZE || copyPartSize > MAX_COPY_BYTES) {
      throw invalid("the copy part size must be between 5 MiB and 5 GiB");
    }
    if (maxAttempts < 1 || maxAttempts > 20) {
      throw invalid("attempts per request must be between 1 and 20");
    }
    if (maxStreamedPut < 0 || maxStreamedPut > MAX_PUT_BYTES) {
      throw invalid("the largest streamed PutObject must be between 0 and 5 GiB");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Keeps the secret out of logs: the record's own string would print it. */
  @Override
  public String toString() {
    return "S3Settings[endpoint=" + endpoint.map(URI::toString).orElse("AWS") + ", region=" + region
        + ", bucket=" + bucket + ", keyPrefix=" + keyPrefix + ", pathStyleAccess=" + pathStyleAccess
        + ", credentials=" + credentials.map(StaticCredentials::toString).orElse("default chain")
        + ", partSize=" + partSize + ", parallelism=" + parallelism + ", objectLock=" + objectLock.orElse(null)
        + ", keyScheme=" + keyScheme + ", maxStreamedPut=" + maxStreamedPut + "]";
  }

  private static EvidenceException invalid(String message) {
    return new EvidenceException(ErrorCode.CONFIGURATION, message);
  }

  /** An access key and its secret. The secret never appears in {@link #toString()}. */
  public record StaticCredentials(String accessKeyId, String secretAccessKey) {
    public StaticCredentials {
      if (accessKeyId == null || accessKeyId.isBlank() || secretAccessKey == null || secretAccessKey.isEmpty()) {
        throw invalid("an S3 access key id and secret are both required");
      }
    }

    @Override
    public String toString() {
      return "StaticCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=****]";
    }
  }

  /** Builds {@link S3Settings}. Not thread-safe; build once. */
  public static final class Builder {
    private @Nullable URI endpoint;
    private String region = "";
    private String bucket = "";
    private String keyPrefix = "";
    private boolean pathStyleAccess;
    private @Nullable StaticCredentials credentials;
    private int partSize = DEFAULT_PART_SIZE;
    private int parallelism = 4;
    private int uploadThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    private @Nullable ExecutorService uploadExecutor;
    private long copyPartSize = 512L << 20;
    private int maxAttempts = 3;
    private @Nullable ObjectLockSettings objectLock;
    private KeyScheme keyScheme = KeyScheme.WRITE_IN_PLACE;
    private long maxStreamedPut = MAX_PUT_BYTES;

    private Builder() {}

    public Builder endpoint(URI endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    public Builder bucket(String bucket) {
      this.bucket = Objects.requireNonNull(bucket, "bucket");
      return this;
    }

    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
      return this;
    }

    public Builder pathStyleAccess(boolean pathStyleAccess) {
      this.pathStyleAccess = pathStyleAccess;
      return this;
    }

    public Builder credentials(String accessKeyId, String secretAccessKey) {
      this.credentials = new StaticCredentials(accessKeyId, secretAccessKey);
      return this;
    }

    public Builder partSize(int bytes) {
      this.partSize = bytes;
      return this;
    }

    public Builder parallelism(int parts) {
      this.parallelism = parts;
      return this;
    }

    public Builder uploadThreads(int threads) {
      this.uploadThreads = threads;
      return this;
    }

    public Builder uploadExecutor(ExecutorService executor) {
      this.uploadExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    public Builder copyPartSize(long bytes) {
      this.copyPartSize = bytes;
      return this;
    }

    public Builder maxAttempts(int attempts) {
      this.maxAttempts = attempts;
      return this;
    }

    public Builder objectLock(ObjectLockSettings objectLock) {
      this.objectLock = Objects.requireNonNull(objectLock, "objectLock");
      return this;
    }

    public Builder keyScheme(KeyScheme keyScheme) {
      this.keyScheme = Objects.requireNonNull(keyScheme, "keyScheme");
      return this;
    }

    public Builder maxStreamedPut(long bytes) {
      this.maxStreamedPut = bytes;
      return this;
    }

    /** @throws EvidenceException with {@code CONFIGURATION} if a value is invalid */
    public S3Settings build() {
      return new S3Settings(Optional.ofNullable(endpoint), region, bucket, keyPrefix, pathStyleAccess,
          Optional.ofNullable(credentials), partSize, parallelism, uploadThreads, Optional.ofNullable(uploadExecutor),
          copyPartSize, maxAttempts, Optional.ofNullable(objectLock), keyScheme, maxStreamedPut);
    }
  }
}
