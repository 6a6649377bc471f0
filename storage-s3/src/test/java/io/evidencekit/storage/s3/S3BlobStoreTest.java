package io.evidencekit.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.spi.BlobId;
import io.evidencekit.spi.BlobWriter;
import io.evidencekit.spi.StoreCapability;
import io.evidencekit.spi.StoredBlob;
import io.evidencekit.tck.blob.Blobs;
import io.evidencekit.tck.blob.SyntheticContent;
import io.evidencekit.api.Sha256;
import java.io.IOException;
import java.util.Base64;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.S3Object;

@DisplayName("S3BlobStore on S3Proxy")
class S3BlobStoreTest {
  private static final int PART = S3Settings.MIN_PART_SIZE;

  private S3ProxyServer server;
  private S3Client client;

  @BeforeEach
  void startServer() throws Exception {
    server = S3ProxyServer.start();
    client = server.client();
  }

  @AfterEach
  void stopServer() throws Exception {
    client.close();
    server.close();
  }

  @Test
  @DisplayName("on S3Proxy it detects conditional writes and SHA-256 checksums, but no Object Lock and, unless enabled, no versioning")
  void detectsS3ProxyCapabilities() {
    try (S3BlobStore store = new S3BlobStore(server.settings(server.newBucket()).build())) {
      assertThat(store.capabilities())
          .contains(StoreCapability.WRITE_ONCE, StoreCapability.SERVER_SIDE_CHECKSUM)
          .doesNotContain(StoreCapability.RETENTION_LOCK, StoreCapability.LEGAL_HOLD, StoreCapability.VERSIONING,
              StoreCapability.DEDUPLICATES);
    }
  }

  @Test
  @DisplayName("it declares DEDUPLICATES only when every blob is content-addressed")
  void deduplicatesOnlyWhenContentAddressed() {
    try (S3BlobStore store = new S3BlobStore(server.settings(server.newBucket()).keyScheme(KeyScheme.CONTENT_ADDRESSED).build())) {
      assertThat(store.capabilities()).contains(StoreCapability.DEDUPLICATES, StoreCapability.WRITE_ONCE);
    }
  }

  @Test
  @DisplayName("written in place, a blob of several parts is one object under blobs/ with no staging object or upload left, and the same content again is another blob")
  void multipartInPlace() throws Exception {
    String bucket = server.newBucket();
    long size = 3L * PART + 777;
    try (S3BlobStore store = new S3BlobStore(server.settings(bucket).keyPrefix("ek/").partSize(PART).build())) {
      StoredBlob stored = Blobs.put(store, new SyntheticContent(12), size);
      StoredBlob again = Blobs.put(store, new SyntheticContent(12), size);

      assertThat(stored.id().value()).startsWith("blobs/");
      assertThat(again.id()).isNotEqualTo(stored.id());
      assertThat(Blobs.digest(store, stored.id()).sha256()).isEqualTo(stored.sha256());
      assertThat(client.listObjectsV2(r -> r.bucket(bucket)).contents()).extracting(S3Object::key)
          .containsExactlyInAnyOrder("ek/" + stored.id().value(), "ek/" + again.id().value());
      assertThat(client.listMultipartUploads(r -> r.bucket(bucket)).uploads()).isEmpty();
    }
  }

  @Test
  @DisplayName("with its size announced, a large blob is one streamed PutObject, not visible before commit, with no multipart upload and any checksum the server keeps ours")
  void streamedPut() throws Exception {
    String bucket = server.newBucket();
    byte[] content = new SyntheticContent(13).bytes(0, 2 * PART + 99);
    try (S3BlobStore store = new S3BlobStore(server.settings(bucket).keyPrefix("ek/").partSize(PART).build())) {
      StoredBlob stored;
      try (BlobWriter writer = store.create(content.length)) {
        writer.write(content, 0, content.length);
        assertThat(blobKeys(bucket)).isEmpty();
        stored = writer.commit(sha256(content), content.length);
      }

      assertThat(stored.id().value()).startsWith("blobs/");
      assertThat(Blobs.read(store, stored.id())).isEqualTo(content);
      // S3 keeps the trailer's SHA-256 and returns it here; S3Proxy 4.1.0 keeps none (null).
      String kept = client.headObject(r -> r.bucket(bucket).key("ek/" + stored.id().value()).checksumMode(ChecksumMode.ENABLED))
          .checksumSHA256();
      assertThat(kept).isIn(null, Base64.getEncoder().encodeToString(stored.sha256().bytes()));
      assertThat(client.listMultipartUploads(r -> r.bucket(bucket)).uploads()).isEmpty();
    }
  }

  @Test
  @DisplayName("a streamed blob with a wrong digest, too few or too many bytes, or closed without commit leaves nothing visible")
  void streamedPutFailures() throws Exception {
    String bucket = server.newBucket();
    byte[] content = new SyntheticContent(14).bytes(0, PART + 1234);
    try (S3BlobStore store = new S3BlobStore(server.settings(bucket).partSize(PART).build())) {
      try (BlobWriter writer = store.create(content.length)) {
        writer.write(content, 0, content.length);
        assertThatThrownBy(() -> writer.commit(sha256(new byte[] {1}), content.length))
            .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTEGRITY_FAILURE));
      }
      try (BlobWriter writer = store.create(content.length)) {
        writer.write(content, 0, content.length - 1);
        assertThatThrownBy(() -> writer.commit(sha256(java.util.Arrays.copyOf(content, content.length - 1)), content.length - 1))
            .isInstanceOf(IOException.class);
      }
      try (BlobWriter writer = store.create(content.length - 1)) {
        assertThatThrownBy(() -> writer.write(content, 0, content.length)).isInstanceOf(IOException.class);
      }
      try (BlobWriter writer = store.create(content.length)) {
        writer.write(content, 0, PART);
      }

      assertThat(blobKeys(bucket)).isEmpty();
      assertThat(client.listMultipartUploads(r -> r.bucket(bucket)).uploads()).isEmpty();
      assertThat(Blobs.read(store, Blobs.put(store, content).id())).isEqualTo(content);
    }
  }

  @Test
  @DisplayName("on a versioned bucket it declares VERSIONING, and delete removes every version")
  void versionedBucket() throws Exception {
    String bucket = server.newBucket();
    client.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    try (S3BlobStore store = new S3BlobStore(server.settings(bucket).build())) {
      assertThat(store.capabilities()).contains(StoreCapability.VERSIONING);
      StoredBlob stored = Blobs.put(store, new SyntheticContent(7).bytes(0, 1000));

      store.delete(stored.id());

      assertThat(store.exists(stored.id())).isFalse();
      assertThat(client.listObjectVersions(r -> r.bucket(bucket)).versions())
          .noneMatch(v -> v.key().endsWith(stored.sha256().hex()));
    }
  }

  @Test
  @DisplayName("Object Lock settings on a server without Object Lock refuse to start with CONFIGURATION")
  void objectLockRequiresSupport() {
    S3Settings settings = server.settings(server.newBucket())
        .objectLock(ObjectLockSettings.retain(ObjectLockSettings.Mode.COMPLIANCE, Duration.ofDays(365)))
        .build();

    assertThatThrownBy(() -> new S3BlobStore(settings))
        .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
        .hasMessageContaining("Object Lock");
  }

  @Test
  @DisplayName("content-addressed, a blob of several parts lands at its content address with its digest as metadata, and no staging object or upload is left")
  void multipartBlob() throws Exception {
    String bucket = server.newBucket();
    long size = 4L * PART + 12_345;
    try (S3BlobStore store = new S3BlobStore(server.settings(bucket).keyPrefix("ek/").partSize(PART).copyPartSize(PART)
        .keyScheme(KeyScheme.CONTENT_ADDRESSED).build())) {
      StoredBlob stored = Blobs.put(store, new SyntheticContent(11), size);
      StoredBlob again = Blobs.put(store, new SyntheticContent(11), size);

      assertThat(again).isEqualTo(stored);
      assertThat(Blobs.digest(store, stored.id()).sha256()).isEqualTo(stored.sha256());
      String hex = stored.sha256().hex();
      List<S3Object> objects = client.listObjectsV2(r -> r.bucket(bucket)).contents();
      assertThat(objects).extracting(S3Object::key)
          .containsExactly("ek/sha256/" + hex.substring(0, 2) + "/" + hex.substring(2, 4) + "/" + hex);
      assertThat(client.headObject(r -> r.bucket(bucket).key(objects.get(0).key())).metadata())
          .containsEntry("sha256", hex);
      assertThat(client.listMultipartUploads(r -> r.bucket(bucket)).uploads()).isEmpty();
    }
  }

  @Test
  @DisplayName("a writer closed after some parts were uploaded aborts its multipart upload")
  void abandonedMultipart() throws Exception {
    String bucket = server.newBucket();
    try (S3BlobStore store = new S3BlobStore(server.settings(bucket).partSize(PART).build())) {
      byte[] content = new SyntheticContent(3).bytes(0, 3 * PART);
      try (BlobWriter writer = store.create()) {
        writer.write(content, 0, content.length);
      }

      assertThat(client.listMultipartUploads(r -> r.bucket(bucket)).uploads()).isEmpty();
      assertThat(client.listObjectsV2(r -> r.bucket(bucket)).contents()).isEmpty();
    }
  }

  @Test
  @DisplayName("a server failing part uploads mid-blob fails the write or commit, leaves nothing visible and no upload behind")
  void serverErrorMidUpload() throws Exception {
    AtomicReference<FailingPartsBackend> backend = new AtomicReference<>();
    try (S3ProxyServer failing = S3ProxyServer.start(store -> {
          backend.set(new FailingPartsBackend(store, 2));
          return backend.get();
        });
        S3Client direct = failing.client()) {
      String bucket = failing.newBucket();
      SyntheticContent content = new SyntheticContent(5);
      try (S3BlobStore store = new S3BlobStore(failing.settings(bucket).partSize(PART).build())) {
        assertThatThrownBy(() -> Blobs.put(store, content, 6L * PART)).isInstanceOfAny(IOException.class, EvidenceException.class);

        assertThat(direct.listMultipartUploads(r -> r.bucket(bucket)).uploads()).isEmpty();
        assertThat(direct.listObjectsV2(r -> r.bucket(bucket)).contents()).isEmpty();
        backend.get().heal();
        StoredBlob stored = Blobs.put(store, content, 6L * PART);
        assertThat(Blobs.digest(store, stored.id()).size()).isEqualTo(6L * PART);
      }
    }
  }

  @Test
  @DisplayName("a connection dropped in the middle of every part fails the upload, and the abort still clears the parts")
  void connectionDropped() throws Exception {
    String bucket = server.newBucket();
    try (CuttingProxy proxy = new CuttingProxy(server.port(), 1 << 20);
        S3BlobStore store = new S3BlobStore(server.settings(bucket).endpoint(proxy.endpoint())
            .partSize(PART).build())) {
      SyntheticContent content = new SyntheticContent(9);

      assertThatThrownBy(() -> Blobs.put(store, content, 3L * PART)).isInstanceOfAny(IOException.class, EvidenceException.class);

      assertThat(proxy.cuts()).isPositive();
      assertThat(client.listMultipartUploads(r -> r.bucket(bucket)).uploads()).isEmpty();
      assertThat(client.listObjectsV2(r -> r.bucket(bucket)).contents()).isEmpty();
    }
  }

  @Test
  @DisplayName("a commit whose digest is not that of the bytes fails with INTEGRITY_FAILURE and stores nothing")
  void wrongDigest() throws Exception {
    String bucket = server.newBucket();
    try (S3BlobStore store = new S3BlobStore(server.settings(bucket).partSize(PART).build());
        BlobWriter writer = store.create()) {
      byte[] content = new SyntheticContent(1).bytes(0, 2 * PART + 1);
      writer.write(content, 0, content.length);

      assertThatThrownBy(() -> writer.commit(Blobs.sha256(new byte[] {1}), content.length))
          .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTEGRITY_FAILURE));
      assertThat(client.listMultipartUploads(r -> r.bucket(bucket)).uploads()).isEmpty();
      assertThat(client.listObjectsV2(r -> r.bucket(bucket)).contents()).isEmpty();
    }
  }

  @Test
  @DisplayName("an id of another shape is refused with INVALID_INPUT")
  void foreignId() {
    try (S3BlobStore store = new S3BlobStore(server.settings(server.newBucket()).build())) {
      assertThatThrownBy(() -> store.exists(new BlobId("../sha256/x")))
          .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }
  }

  @Test
  @DisplayName("a store on the host's client leaves the client open when it closes, and refuses work with CLOSED")
  void hostClient() throws Exception {
    String bucket = server.newBucket();
    S3BlobStore store = new S3BlobStore(client, server.settings(bucket).build());
    StoredBlob stored = Blobs.put(store, new byte[] {1, 2, 3});

    store.close();
    store.close();

    assertThatThrownBy(store::create)
        .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CLOSED));
    assertThat(client.headObject(r -> r.bucket(bucket).key("sha256/" + stored.sha256().hex().substring(0, 2) + "/"
        + stored.sha256().hex().substring(2, 4) + "/" + stored.sha256().hex())).contentLength()).isEqualTo(3);
  }

  @Test
  @DisplayName("the settings' string names the access key but never the secret")
  void secretNotPrinted() {
    S3Settings settings = server.settings("some-bucket").build();

    assertThat(settings.toString()).contains(S3ProxyServer.ACCESS_KEY).doesNotContain(S3ProxyServer.SECRET_KEY);
  }

  @Test
  @DisplayName("a failure message names the key and the status, never the secret")
  void failureMessages() {
    S3Settings wrongSecret = S3Settings.builder().endpoint(server.endpoint()).region("us-east-1").bucket("no-such-bucket")
        .pathStyleAccess(true).credentials(S3ProxyServer.ACCESS_KEY, "wrong-secret-value").build();

    assertThatThrownBy(() -> new S3BlobStore(wrongSecret))
        .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
        .hasMessageContaining("HTTP 403")
        .hasMessageNotContaining("wrong-secret-value");
  }

  /**
   * Keys of blobs in the bucket. S3Proxy lists a PutObject in progress under a temporary name of its own
   * ({@code <key>-<uuid>}) and may keep one from a body that broke off; S3 shows neither. Those are the
   * server's, not blobs: what must never appear is an object under a blob's key.
   */
  private List<String> blobKeys(String bucket) {
    return client.listObjectsV2(r -> r.bucket(bucket)).contents().stream().map(S3Object::key)
        .filter(k -> k.matches("(.*/)?blobs/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")).toList();
  }

  private static Sha256 sha256(byte[] bytes) throws Exception {
    return Sha256.of(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
