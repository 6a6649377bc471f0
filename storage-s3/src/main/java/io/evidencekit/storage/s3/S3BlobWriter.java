package io.evidencekit.storage.s3;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.Sha256;
import io.evidencekit.spi.BlobId;
import io.evidencekit.spi.BlobWriter;
import io.evidencekit.spi.StoredBlob;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Writes one blob. Up to one part is kept in memory; a blob that fits is sent whole at commit with one
 * conditional PutObject to its content address. A larger one depends on the {@link KeyScheme}:
 *
 * <ul>
 *   <li>{@link KeyScheme#WRITE_IN_PLACE}: written once, where it stays, under a unique key. With its size
 *       known in advance (and at most {@link S3Settings#maxStreamedPut()}) as one streaming PutObject
 *       ({@link StreamedPut}), else as a multipart upload from the first full part on, completed
 *       conditionally at commit.
 *   <li>{@link KeyScheme#CONTENT_ADDRESSED}: a multipart upload to a staging key from the first full part
 *       on and, at commit, a copy inside the server to its content address (conditionally) and the
 *       staging object deleted; if the address is already taken the upload is aborted instead. The key
 *       of a multipart upload is fixed when it starts, before the digest is known: hence the staging key.
 * </ul>
 *
 * <p>The writer hashes what it is given and refuses a commit whose digest differs, so a blob's address
 * is always the SHA-256 of its bytes, whatever the server checks. Any failure discards everything.
 */
final class S3BlobWriter implements BlobWriter {
  private static final Logger LOG = LoggerFactory.getLogger(S3BlobWriter.class);
  private static final int FIRST_BUFFER = 64 << 10;

  private enum State { OPEN, FAILED, COMMITTED, CLOSED }

  private final StoreContext context;
  private final ObjectReader reader;
  private final MessageDigest digest = Sha256s.newDigest();
  private byte[] buffer;
  private int filled;
  private long written;
  private @Nullable StagingUpload staging;
  /** The unique id of a blob written in place; null while it may still go to its content address. */
  private @Nullable BlobId uniqueId;
  private @Nullable StreamedPut streamed;
  private final long expectedSize;
  private State state = State.OPEN;

  /** @param expectedSize the size promised by the caller, or -1 if unknown */
  S3BlobWriter(StoreContext context, ObjectReader reader, long expectedSize) throws IOException {
    this.context = context;
    this.reader = reader;
    this.expectedSize = expectedSize;
    S3Settings settings = context.settings();
    if (settings.keyScheme() == KeyScheme.WRITE_IN_PLACE && expectedSize > settings.partSize()
        && expectedSize <= settings.maxStreamedPut()) {
      BlobId id = context.keys().newUniqueId();
      this.streamed = StreamedPut.start(context, context.keys().keyOf(id), expectedSize);
      this.uniqueId = id;
      this.buffer = new byte[0];
    } else {
      this.buffer = new byte[Math.min(FIRST_BUFFER, settings.partSize())];
    }
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    requireOpen();
    try {
      if (expectedSize >= 0 && written + length > expectedSize) {
        throw new IOException("more bytes were written than the " + expectedSize + " promised");
      }
      digest.update(bytes, offset, length);
      StreamedPut put = streamed;
      if (put != null) {
        put.write(bytes, offset, length);
        written += length;
        return;
      }
      int position = offset;
      int remaining = length;
      while (remaining > 0) {
        if (filled == buffer.length) {
          makeRoom();
        }
        int n = Math.min(remaining, buffer.length - filled);
        System.arraycopy(bytes, position, buffer, filled, n);
        filled += n;
        position += n;
        remaining -= n;
      }
      written += length;
    } catch (IOException | RuntimeException e) {
      discard();
      throw e;
    }
  }

  @Override
  public StoredBlob commit(Sha256 sha256, long size) throws IOException {
    Objects.requireNonNull(sha256, "sha256");
    requireOpen();
    try {
      context.lifecycle().ensureOpen();
      if (size != written) {
        throw new IOException("commit declared " + size + " bytes but " + written + " were written");
      }
      if (!Sha256.of(digest.digest()).equals(sha256)) {
        throw new EvidenceException(ErrorCode.INTEGRITY_FAILURE, "the digest given to commit is not that of the bytes written");
      }
      if (expectedSize >= 0 && size != expectedSize) {
        throw new IOException("commit declared " + size + " bytes but " + expectedSize + " were promised");
      }
      StoredBlob stored;
      if (streamed != null) {
        stored = finishStreamed(streamed, sha256, size);
      } else if (staging == null) {
        stored = putWhole(sha256, size);
      } else if (uniqueId != null) {
        stored = completeInPlace(staging, uniqueId, sha256, size);
      } else {
        stored = publishStaged(staging, sha256, size);
      }
      state = State.COMMITTED;
      buffer = new byte[0];
      return stored;
    } catch (IOException | RuntimeException e) {
      discard();
      throw e;
    }
  }

  @Override
  public void close() {
    if (state == State.OPEN) {
      discard();
    }
    if (state != State.COMMITTED) {
      state = State.CLOSED;
    }
  }

  /** The buffer is full: grow it while the blob may still fit one request, else send it as a part. */
  private void makeRoom() throws IOException {
    int partSize = context.settings().partSize();
    if (staging == null && buffer.length < partSize) {
      buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, partSize));
      return;
    }
    if (staging == null) {
      if (context.settings().keyScheme() == KeyScheme.WRITE_IN_PLACE) {
        BlobId id = context.keys().newUniqueId();
        staging = StagingUpload.startInPlace(context, context.keys().keyOf(id));
        uniqueId = id;
      } else {
        staging = StagingUpload.start(context);
      }
      staging.adoptBuffer();
    }
    staging.submit(buffer, filled);
    filled = 0;
    buffer = staging.takeBuffer();
  }

  private StoredBlob putWhole(Sha256 sha256, long size) throws IOException {
    String key = context.keys().keyOf(sha256);
    StoredBlob stored = new StoredBlob(context.keys().idOf(sha256), size, sha256);
    if (!context.features().conditionalWrites() && reader.sizeIfPresent(key) != null) {
      return existing(key, stored);
    }
    byte[] body = buffer;
    int length = filled;
    try {
      PutObjectResponse response = context.client().putObject(context.requests().put(key, sha256, size),
          RequestBody.fromContentProvider(() -> new ByteArrayInputStream(body, 0, length), length, "application/octet-stream"));
      recordVersion(key, response.versionId());
      return stored;
    } catch (SdkException e) {
      if (S3Failures.isStatus(e, 412) || S3Failures.isStatus(e, 409)) {
        return existing(key, stored);
      }
      throw S3Failures.io("PutObject", key, e);
    }
  }

  private StoredBlob finishStreamed(StreamedPut put, Sha256 sha256, long size) throws IOException {
    BlobId id = Objects.requireNonNull(uniqueId);
    PutObjectResponse response = put.finish(sha256);
    streamed = null;
    recordVersion(context.keys().keyOf(id), response.versionId());
    return new StoredBlob(id, size, sha256);
  }

  /** The parts are already where the blob stays: completing the upload (conditionally) publishes it. */
  private StoredBlob completeInPlace(StagingUpload upload, BlobId id, Sha256 sha256, long size) throws IOException {
    if (filled > 0) {
      upload.submit(buffer, filled);
      filled = 0;
    }
    List<CompletedPart> parts = upload.awaitParts();
    // Still the writer's upload until it completes: a failure here aborts it (discard), orphaning no parts.
    CompleteMultipartUploadResponse completed = upload.complete(parts, context.features().conditionalWrites());
    staging = null;
    recordVersion(upload.key(), completed.versionId());
    return new StoredBlob(id, size, sha256);
  }

  private StoredBlob publishStaged(StagingUpload upload, Sha256 sha256, long size) throws IOException {
    if (filled > 0) {
      upload.submit(buffer, filled);
      filled = 0;
    }
    List<CompletedPart> parts = upload.awaitParts();
    String key = context.keys().keyOf(sha256);
    StoredBlob stored = new StoredBlob(context.keys().idOf(sha256), size, sha256);
    if (reader.sizeIfPresent(key) != null) {
      upload.abort(); // stored already: no need to complete, let alone copy, our upload
      staging = null;
      return existing(key, stored);
    }
    CompleteMultipartUploadResponse staged = upload.complete(parts);
    staging = null;
    try {
      CompleteMultipartUploadResponse published = new ServerCopy(context).copy(upload.key(), key, sha256, size);
      if (published == null) {
        return existing(key, stored);
      }
      recordVersion(key, published.versionId());
      return stored;
    } finally {
      deleteStaged(upload.key(), staged.versionId());
    }
  }

  /** Someone stored this content first: theirs is kept, and returned if it is what we meant to store. */
  private StoredBlob existing(String key, StoredBlob ours) throws IOException {
    Long size = reader.sizeIfPresent(key);
    if (size == null) {
      throw new IOException("blob " + ours.id() + " was refused as existing but is gone; retry the upload");
    }
    if (size != ours.size()) {
      throw new EvidenceException(ErrorCode.INTEGRITY_FAILURE,
          "blob " + ours.id() + " is already stored with another size; it was left untouched");
    }
    return ours;
  }

  private void recordVersion(String key, @Nullable String versionId) {
    // The SPI has nowhere to return it; the log keeps it for the audit of a versioned bucket.
    if (versionId != null && !"null".equals(versionId)) {
      LOG.info("stored {} in bucket {} as version {}", key, context.bucket(), versionId);
    }
  }

  /** Deletes the staging object, by version on a versioned bucket: a plain delete would only hide it. */
  private void deleteStaged(String key, @Nullable String versionId) {
    boolean interrupted = Thread.interrupted();
    try {
      context.client().deleteObject(r -> {
        r.bucket(context.bucket()).key(key);
        if (versionId != null && !"null".equals(versionId)) {
          r.versionId(versionId);
        }
      });
    } catch (SdkException e) {
      LOG.warn("could not delete staging object {}: {}; a lifecycle rule on staging/ removes it",
          key, S3Failures.describe("DeleteObject", key, e));
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void requireOpen() throws IOException {
    switch (state) {
      case OPEN:
        return;
      case FAILED:
        throw new IOException("the blob writer was discarded after an earlier failure");
      // Misuse (a bug in the caller): the writer is closed, as the BlobWriter contract says.
      case COMMITTED:
        throw new EvidenceException(ErrorCode.CLOSED, "the blob writer was already committed");
      default:
        throw new EvidenceException(ErrorCode.CLOSED, "the blob writer is closed");
    }
  }

  private void discard() {
    state = State.FAILED;
    StagingUpload upload = staging;
    staging = null;
    if (upload != null) {
      upload.abort();
    }
    StreamedPut put = streamed;
    streamed = null;
    if (put != null) {
      put.abort();
    }
    buffer = new byte[0];
    filled = 0;
  }
}
