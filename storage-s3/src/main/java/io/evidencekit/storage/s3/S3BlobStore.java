package io.evidencekit.storage.s3;

import io.evidencekit.api.ByteRange;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.spi.BlobId;
import io.evidencekit.spi.BlobStore;
import io.evidencekit.spi.BlobWriter;
import io.evidencekit.spi.StoreCapability;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;

/**
 * A {@link BlobStore} on an S3-compatible object store: AWS S3, MinIO, Ceph RGW.
 *
 * <p><b>Keys.</b> A blob of at most one part is content-addressed: SHA-256 {@code abcd…} gives the id
 * {@code sha256/abcd…} at {@code <prefix>sha256/ab/cd/abcd…}; committing content already stored keeps the
 * first copy. Larger blobs follow the {@link KeyScheme}: by default written in place under a unique
 * {@code blobs/<uuid>} (one streaming PutObject when the size is announced through {@link #create(long)},
 * else a multipart upload to that key), so the server writes them once and the engine deduplicates; or
 * content-addressed through a staging key and a server-side copy (described below).
 *
 * <p><b>Writing.</b> A blob of at most one part ({@link S3Settings#partSize()}) is held in memory and
 * sent at commit with one PutObject carrying {@code If-None-Match: *} and our SHA-256 as
 * {@code x-amz-checksum-sha256}. A larger blob is uploaded while it is written, as a multipart upload
 * to {@code <prefix>staging/<uuid>} with {@link S3Settings#parallelism()} parts in flight, each with its
 * own SHA-256 checksum; memory stays at {@code (parallelism + 1) × partSize} per writer. At commit the
 * staging object is copied inside the server to the content address (a multipart copy completed with
 * {@code If-None-Match: *}) and deleted; if the address is already taken the upload is aborted
 * instead. Every failure, and closing a writer without commit, aborts the multipart upload. The writer
 * hashes the bytes itself and refuses a commit whose digest differs. Each blob carries its hex digest as
 * {@code x-amz-meta-sha256}; on a versioned bucket the new VersionId is logged (the SPI has no place for
 * it).
 *
 * <p><b>What the bucket supports is detected once, at start-up</b>: versioning
 * (GetBucketVersioning), Object Lock (GetObjectLockConfiguration; a 501 or
 * ObjectLockConfigurationNotFoundError means none), whether the server refuses {@code If-None-Match: *}
 * on an existing key and whether it verifies SHA-256 checksums (two tiny probe writes under
 * {@code <prefix>probe/}). {@link #capabilities()} declares only what was found: {@code WRITE_ONCE}
 * needs conditional writes (without them a commit checks with HeadObject first, which two concurrent
 * writers of the same content can both pass), {@code SERVER_SIDE_CHECKSUM} checksum verification,
 * {@code VERSIONING} versioning Enabled, {@code RETENTION_LOCK} and {@code LEGAL_HOLD} Object Lock.
 * Object Lock settings on a bucket without Object Lock fail the start with {@code CONFIGURATION}.
 *
 * <p><b>Reading.</b> Ranges are sent as HTTP Range requests; a range starting at or past the end reads
 * as empty. A missing blob is {@code BLOB_NOT_FOUND}. Deleting a missing blob does nothing; on a
 * versioned bucket {@link #delete} removes every version of the key (and fails, for a locked version,
 * until its retention ends).
 *
 * <p><b>Threads and ownership.</b> Thread-safe. A store built from {@link S3Settings} owns its
 * {@link S3Client} and upload pool and closes them; one built on a host's client leaves it open, and an
 * executor given in the settings stays the host's. After {@link #close()} every operation, and the commit
 * of a writer still open, fails with {@code CLOSED}; streams already open stay readable while the client
 * is.
 */
public final class S3BlobStore implements BlobStore {
  private final StoreContext context;
  private final ObjectReader reader;
  private final Set<StoreCapability> capabilities;
  private final boolean ownsClient;
  private final boolean ownsExecutor;

  /** A store with a client of its own, configured entirely from {@code settings}. */
  public S3BlobStore(S3Settings settings) {
    this(newClient(settings), true, settings, Clock.systemUTC(), null);
  }

  /**
   * A store on a client the host built and keeps (and closes); endpoint, region, path style, credentials
   * and attempts in {@code settings} are then the client's business and not used.
   */
  public S3BlobStore(S3Client client, S3Settings settings) {
    this(client, false, settings, Clock.systemUTC(), null);
  }

  /** For tests: a given clock (lock retention dates) and, optionally, a bucket inspector of their own. */
  S3BlobStore(S3Client client, boolean ownsClient, S3Settings settings, Clock clock, @Nullable BucketInspector inspector) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    this.ownsClient = ownsClient;
    this.ownsExecutor = settings.uploadExecutor().isEmpty();
    ExecutorService executor = settings.uploadExecutor().orElseGet(() -> newPool(settings.uploadThreads()));
    try {
      BlobKeys keys = new BlobKeys(settings.keyPrefix());
      BucketFeatures features = BucketFeatures.detect(
          inspector != null ? inspector : new SdkBucketInspector(client, settings.bucket(), keys));
      LockPlan lock = LockPlan.decide(settings.objectLock(), features.objectLock());
      this.capabilities = capabilities(features, lock, settings.keyScheme());
      this.context = new StoreContext(client, settings.bucket(), keys, executor, settings,
          new FinalRequests(settings.bucket(), lock, features.conditionalWrites(), clock), features, new Lifecycle());
      this.reader = new ObjectReader(client, settings.bucket());
    } catch (IOException | RuntimeException e) {
      release(client, ownsClient, executor, ownsExecutor);
      if (e instanceof EvidenceException evidence) {
        throw evidence;
      }
      throw new EvidenceException(ErrorCode.CONFIGURATION,
          "cannot use S3 bucket " + settings.bucket() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public BlobWriter create() throws IOException {
    context.lifecycle().ensureOpen();
    return new S3BlobWriter(context, reader, -1);
  }

  /** With {@link KeyScheme#WRITE_IN_PLACE}, a blob larger than one part is then sent as one streaming PutObject. */
  @Override
  public BlobWriter create(long expectedSize) throws IOException {
    if (expectedSize < 0) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "an expected size cannot be negative");
    }
    context.lifecycle().ensureOpen();
    return new S3BlobWriter(context, reader, expectedSize);
  }

  @Override
  public InputStream open(BlobId id, ByteRange range) throws IOException {
    Objects.requireNonNull(range, "range");
    return reader.open(keyOf(id), range);
  }

  @Override
  public boolean exists(BlobId id) throws IOException {
    return reader.sizeIfPresent(keyOf(id)) != null;
  }

  @Override
  public long size(BlobId id) throws IOException {
    String key = keyOf(id);
    Long size = reader.sizeIfPresent(key);
    if (size == null) {
      throw S3Failures.notFound(key);
    }
    return size;
  }

  @Override
  public void delete(BlobId id) throws IOException {
    String key = keyOf(id);
    try {
      if (context.features().versioning()) {
        deleteAllVersions(key);
      } else {
        context.client().deleteObject(r -> r.bucket(context.bucket()).key(key));
      }
    } catch (SdkException e) {
      throw S3Failures.io("DeleteObject", key, e);
    }
  }

  @Override
  public Set<StoreCapability> capabilities() {
    return capabilities;
  }

  @Override
  public void close() {
    if (context.lifecycle().close()) {
      release(context.client(), ownsClient, context.executor(), ownsExecutor);
    }
  }

  @Override
  public String toString() {
    return "S3BlobStore[" + context.bucket() + "/" + context.settings().keyPrefix() + "]";
  }

  private String keyOf(BlobId id) {
    Objects.requireNonNull(id, "id");
    context.lifecycle().ensureOpen();
    return context.keys().keyOf(id);
  }

  /** A plain delete on a versioned bucket only hides the blob behind a delete marker; disposal means gone. */
  private void deleteAllVersions(String key) {
    ListObjectVersionsResponse page = context.client().listObjectVersions(r -> r.bucket(context.bucket()).prefix(key));
    while (true) {
      page.versions().stream().filter(v -> key.equals(v.key())).forEach(v ->
          context.client().deleteObject(r -> r.bucket(context.bucket()).key(key).versionId(v.versionId())));
      page.deleteMarkers().stream().filter(m -> key.equals(m.key())).forEach(m ->
          context.client().deleteObject(r -> r.bucket(context.bucket()).key(key).versionId(m.versionId())));
      if (!Boolean.TRUE.equals(page.isTruncated())) {
        return;
      }
      ListObjectVersionsResponse previous = page;
      page = context.client().listObjectVersions(r -> r.bucket(context.bucket()).prefix(key)
          .keyMarker(previous.nextKeyMarker()).versionIdMarker(previous.nextVersionIdMarker()));
    }
  }

  private static Set<StoreCapability> capabilities(BucketFeatures features, LockPlan lock, KeyScheme scheme) {
    Set<StoreCapability> declared = EnumSet.of(StoreCapability.DURABLE_ON_COMMIT, StoreCapability.SHARED_BY_PROCESSES);
    if (scheme == KeyScheme.CONTENT_ADDRESSED) {
      declared.add(StoreCapability.DEDUPLICATES);
    }
    if (features.conditionalWrites()) {
      declared.add(StoreCapability.WRITE_ONCE);
    }
    if (features.sha256Checksums()) {
      declared.add(StoreCapability.SERVER_SIDE_CHECKSUM);
    }
    if (features.versioning()) {
      declared.add(StoreCapability.VERSIONING);
    }
    declared.addAll(lock.capabilities());
    return Set.copyOf(declared);
  }

  static S3Client newClient(S3Settings settings) {
    Objects.requireNonNull(settings, "settings");
    AwsCredentialsProvider credentials = settings.credentials()
        .<AwsCredentialsProvider>map(c -> StaticCredentialsProvider.create(
            AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())))
        .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    S3ClientBuilder builder = S3Client.builder()
        .region(Region.of(settings.region()))
        .forcePathStyle(settings.pathStyleAccess())
        .credentialsProvider(credentials)
        .httpClient(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofMinutes(2))
            .build())
        // Checksums are ours to choose (SHA-256, in headers): the SDK's default CRC32 trailers are not
        // understood by every S3-compatible server.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(settings.maxAttempts())));
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  private static ExecutorService newPool(int threads) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory = task -> {
      Thread thread = new Thread(task, "evidencekit-s3-upload-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
    return Executors.newFixedThreadPool(threads, factory);
  }

  private static void release(S3Client client, boolean ownsClient, ExecutorService executor, boolean ownsExecutor) {
    if (ownsExecutor) {
      executor.shutdown();
    }
    if (ownsClient) {
      client.close();
    }
  }
}
