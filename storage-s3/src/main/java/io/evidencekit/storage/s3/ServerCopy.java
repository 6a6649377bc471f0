package io.evidencekit.storage.s3;

import io.evidencekit.api.Sha256;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Copies a finished staging object to its content address inside the server, part by part in parallel.
 *
 * <p>Multipart, even where one CopyObject would do, because S3 honours {@code If-None-Match: *} on
 * CompleteMultipartUpload but not everywhere on CopyObject (S3Proxy overwrites): this way the copy can
 * never replace a blob that another writer published meanwhile.
 */
final class ServerCopy {
  private static final Logger LOG = LoggerFactory.getLogger(ServerCopy.class);

  private final StoreContext context;

  ServerCopy(StoreContext context) {
    this.context = context;
  }

  /**
   * Copies {@code size} bytes from {@code source} to {@code target}.
   *
   * @return the completed upload, or {@code null} if {@code target} already existed (nothing replaced)
   */
  @Nullable CompleteMultipartUploadResponse copy(String source, String target, Sha256 sha256, long size) throws IOException {
    String uploadId;
    try {
      uploadId = context.client().createMultipartUpload(context.requests().createCopyTarget(target, sha256)).uploadId();
    } catch (SdkException e) {
      throw S3Failures.io("CreateMultipartUpload", target, e);
    }
    List<Future<CompletedPart>> parts = new ArrayList<>();
    Semaphore inFlight = new Semaphore(context.settings().parallelism());
    try {
      long partSize = partSize(size);
      int partNumber = 1;
      for (long offset = 0; offset < size; offset += partSize, partNumber++) {
        String range = "bytes=" + offset + "-" + (Math.min(size, offset + partSize) - 1);
        int number = partNumber;
        inFlight.acquire();
        try {
          parts.add(context.executor().submit(() -> {
            try {
              return copyPart(source, target, uploadId, number, range);
            } finally {
              inFlight.release();
            }
          }));
        } catch (RejectedExecutionException e) {
          inFlight.release();
          throw new IOException("the S3 upload executor refused a copy part; is it shut down?", e);
        }
      }
      List<CompletedPart> completed = new ArrayList<>();
      for (Future<CompletedPart> part : parts) {
        completed.add(part.get());
      }
      try {
        return context.client().completeMultipartUpload(r -> {
          r.bucket(context.bucket()).key(target).uploadId(uploadId).multipartUpload(u -> u.parts(completed));
          if (context.requests().conditionalWrites()) {
            r.ifNoneMatch("*");
          }
        });
      } catch (SdkException e) {
        if (S3Failures.isStatus(e, 412) || S3Failures.isStatus(e, 409)) {
          abortQuietly(target, uploadId, parts);
          return null;
        }
        throw S3Failures.io("CompleteMultipartUpload", target, e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abortQuietly(target, uploadId, parts);
      throw new InterruptedIOException("interrupted while copying " + source + " to " + target);
    } catch (ExecutionException e) {
      abortQuietly(target, uploadId, parts);
      throw e.getCause() instanceof IOException io ? io : new IOException("a copy part failed", e.getCause());
    } catch (IOException | RuntimeException e) {
      abortQuietly(target, uploadId, parts);
      throw e;
    }
  }

  /** The configured copy part size, raised so that no blob needs more than S3's 10,000 parts. */
  private long partSize(long size) {
    long needed = (size + StagingUpload.MAX_PARTS - 1) / StagingUpload.MAX_PARTS;
    return Math.max(context.settings().copyPartSize(), needed);
  }

  private CompletedPart copyPart(String source, String target, String uploadId, int number, String range) throws IOException {
    try {
      String eTag = context.client().uploadPartCopy(r -> r
          .sourceBucket(context.bucket())
          .sourceKey(source)
          .destinationBucket(context.bucket())
          .destinationKey(target)
          .uploadId(uploadId)
          .partNumber(number)
          .copySourceRange(range)).copyPartResult().eTag();
      return CompletedPart.builder().partNumber(number).eTag(eTag).build();
    } catch (SdkException e) {
      throw S3Failures.io("UploadPartCopy " + number, target, e);
    }
  }

  private void abortQuietly(String target, String uploadId, List<Future<CompletedPart>> parts) {
    for (Future<CompletedPart> part : parts) {
      part.cancel(false); // parts not yet started need not run; running ones finish before the abort
    }
    for (Future<CompletedPart> part : parts) {
      try {
        if (!part.isCancelled()) {
          part.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException ignored) {
        // a failed part holds no storage
      }
    }
    boolean interrupted = Thread.interrupted();
    try {
      context.client().abortMultipartUpload(r -> r.bucket(context.bucket()).key(target).uploadId(uploadId));
    } catch (SdkException e) {
      LOG.warn("could not abort copy upload {} of {}: {}", uploadId, target, S3Failures.describe("AbortMultipartUpload", target, e));
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
