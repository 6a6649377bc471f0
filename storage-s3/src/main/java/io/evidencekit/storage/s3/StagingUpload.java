package io.evidencekit.storage.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * A multipart upload to a staging key, its parts sent in parallel from a bounded set of reused buffers.
 *
 * <p>The writer's thread hands over a full buffer and takes a free one; it blocks only when
 * {@code parallelism} parts are in flight, so memory stays at {@code (parallelism + 1) × partSize} per
 * upload whatever the blob's size. Each part carries its own SHA-256 checksum, which the server verifies
 * (S3 checksums of multipart objects are per part).
 *
 * <p>{@link #abort()} waits for parts in flight before aborting: S3 may keep a part that finishes
 * uploading after the abort, which would be orphaned storage nobody sees.
 */
final class StagingUpload {
  private static final Logger LOG = LoggerFactory.getLogger(StagingUpload.class);
  static final int MAX_PARTS = 10_000;

  private final StoreContext context;
  private final String key;
  private final String uploadId;
  private final BlockingQueue<byte[]> freeBuffers;
  private final List<Future<CompletedPart>> parts = new ArrayList<>();
  private int buffersMade;
  private volatile @Nullable Throwable failure;

  private StagingUpload(StoreContext context, String key, String uploadId) {
    this.context = context;
    this.key = key;
    this.uploadId = uploadId;
    this.freeBuffers = new ArrayBlockingQueue<>(context.settings().parallelism() + 1);
  }

  /** A multipart upload straight to {@code key}, where the blob stays (lock headers and all). */
  static StagingUpload startInPlace(StoreContext context, String key) throws IOException {
    try {
      String uploadId = context.client().createMultipartUpload(context.requests().createInPlace(key)).uploadId();
      return new StagingUpload(context, key, uploadId);
    } catch (SdkException e) {
      throw S3Failures.io("CreateMultipartUpload", key, e);
    }
  }

  static StagingUpload start(StoreContext context) throws IOException {
    String key = context.keys().newStagingKey();
    try {
      String uploadId = context.client().createMultipartUpload(r -> r
          .bucket(context.bucket())
          .key(key)
          .contentType("application/octet-stream")
          .checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
      return new StagingUpload(context, key, uploadId);
    } catch (SdkException e) {
      throw S3Failures.io("CreateMultipartUpload", key, e);
    }
  }

  String key() {
    return key;
  }

  /** Sends {@code length} bytes of {@code buffer} as the next part; the buffer comes back through {@link #takeBuffer}. */
  void submit(byte[] buffer, int length) throws IOException {
    throwIfFailed();
    int partNumber = parts.size() + 1;
    if (partNumber > MAX_PARTS) {
      throw new IOException("the blob needs more than " + MAX_PARTS + " parts; configure a larger part size");
    }
    try {
      parts.add(context.executor().submit(() -> upload(partNumber, buffer, length)));
    } catch (RejectedExecutionException e) {
      freeBuffers.offer(buffer);
      throw new IOException("the S3 upload executor refused a part; is it shut down?", e);
    }
  }

  /** A free part-sized buffer: a new one while fewer than {@code parallelism + 1} exist, else a returned one. */
  byte[] takeBuffer() throws IOException {
    byte[] free = freeBuffers.poll();
    if (free != null) {
      return free;
    }
    if (buffersMade < context.settings().parallelism() + 1) {
      buffersMade++;
      return new byte[context.settings().partSize()];
    }
    try {
      byte[] returned = freeBuffers.take();
      throwIfFailed();
      return returned;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a part upload to finish");
    }
  }

  /** Counts a buffer the writer made itself (the growing first one) towards the bound. */
  void adoptBuffer() {
    buffersMade++;
  }

  /** Waits for every part; the first failure is thrown. */
  List<CompletedPart> awaitParts() throws IOException {
    List<CompletedPart> completed = new ArrayList<>(parts.size());
    for (Future<CompletedPart> part : parts) {
      try {
        completed.add(part.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for part uploads");
      } catch (ExecutionException e) {
        throw asIo(e.getCause());
      } catch (CancellationException e) {
        throw new IOException("a part upload was cancelled", e);
      }
    }
    completed.sort(Comparator.comparingInt(CompletedPart::partNumber));
    return completed;
  }

  CompleteMultipartUploadResponse complete(List<CompletedPart> completed) throws IOException {
    return complete(completed, false);
  }

  /** Completes the upload; {@code conditional} adds {@code If-None-Match: *} so nothing is ever replaced. */
  CompleteMultipartUploadResponse complete(List<CompletedPart> completed, boolean conditional) throws IOException {
    try {
      return context.client().completeMultipartUpload(r -> {
        r.bucket(context.bucket()).key(key).uploadId(uploadId).multipartUpload(u -> u.parts(completed));
        if (conditional) {
          r.ifNoneMatch("*");
        }
      });
    } catch (SdkException e) {
      throw S3Failures.io("CompleteMultipartUpload", key, e);
    }
  }

  /** Abandons the upload, leaving no parts behind if the server can be reached. Never throws. */
  void abort() {
    for (Future<CompletedPart> part : parts) {
      try {
        part.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break; // abort at once rather than hang; a late part is the lifecycle rule's to expire
      } catch (ExecutionException | CancellationException ignored) {
        // failed parts hold no storage
      }
    }
    boolean interrupted = Thread.interrupted(); // the SDK refuses to send on an interrupted thread
    try {
      context.client().abortMultipartUpload(r -> r.bucket(context.bucket()).key(key).uploadId(uploadId));
    } catch (SdkException e) {
      LOG.warn("could not abort multipart upload {} of {}: {}; an AbortIncompleteMultipartUpload lifecycle rule removes it",
          uploadId, key, S3Failures.describe("AbortMultipartUpload", key, e));
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private CompletedPart upload(int partNumber, byte[] buffer, int length) throws IOException {
    try {
      throwIfFailed();
      MessageDigest digest = Sha256s.newDigest();
      digest.update(buffer, 0, length);
      String checksum = Base64.getEncoder().encodeToString(digest.digest());
      // A stream over the caller's array, not RequestBody.fromBytes, which would copy every part.
      RequestBody body = RequestBody.fromContentProvider(
          () -> new ByteArrayInputStream(buffer, 0, length), length, "application/octet-stream");
      UploadPartResponse response = context.client().uploadPart(r -> r
          .bucket(context.bucket())
          .key(key)
          .uploadId(uploadId)
          .partNumber(partNumber)
          .contentLength((long) length)
          .checksumSHA256(checksum), body);
      return CompletedPart.builder()
          .partNumber(partNumber)
          .eTag(response.eTag())
          .checksumSHA256(checksum)
          .build();
    } catch (SdkException e) {
      IOException io = S3Failures.io("UploadPart " + partNumber, key, e);
      failure = io;
      throw io;
    } catch (IOException | RuntimeException e) {
      failure = e;
      throw e;
    } finally {
      freeBuffers.offer(buffer);
    }
  }

  private void throwIfFailed() throws IOException {
    Throwable failed = failure;
    if (failed != null) {
      throw asIo(failed);
    }
  }

  private static IOException asIo(@Nullable Throwable cause) {
    if (cause instanceof IOException io) {
      return new IOException(io.getMessage(), io);
    }
    return new IOException("a part upload failed", cause);
  }
}
