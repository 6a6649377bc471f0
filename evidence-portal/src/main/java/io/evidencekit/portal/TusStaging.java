package io.evidencekit.portal;

import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.Limits;
import io.evidencekit.api.SubmissionId;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

/**
 * Where the tus endpoint keeps unfinished uploads: a directory ({@link UploadStaging}, local or shared by
 * the nodes) or a {@link io.evidencekit.spi.PartStaging} such as an S3 bucket ({@link PartUploadStaging}).
 * Both keep the same promises: an offset is acknowledged only once its bytes are durable, a finished upload
 * is handed to the engine exactly once under its upload id, and every unfinished upload is counted in the
 * {@link StagingQuota} by its declared length. The upload types and failures are {@link UploadStaging}'s.
 * Implementations are thread-safe.
 */
interface TusStaging {

  /** Hands a whole upload to the engine, from a local file or from a stream; returns what was recorded. */
  interface Handover extends UploadStaging.Completer {
    /**
     * Records the upload's {@code content} (exactly {@code upload.length()} bytes, never hashed before: the
     * engine hashes it as it stores it). The caller closes the stream.
     */
    UploadStaging.Completed completeStream(UploadStaging.Upload upload, InputStream content);
  }

  StagingQuota quota();

  /** See {@link UploadStaging#create}. */
  UploadStaging.Upload create(String token, SubmissionId submission, long length, String fileName, String fileType,
      Instant expiresAt, Limits limits, List<EvidenceItem> items);

  /** See {@link UploadStaging#find}. */
  UploadStaging.Lookup find(String token, String id);

  /** See {@link UploadStaging#append}. */
  UploadStaging.Upload append(UploadStaging.Upload upload, long offset, InputStream body, Handover handover);

  /** Removes an upload and its bytes (tus termination). Idempotent. */
  void terminate(String id);

  /** Removes an upload made through {@code token}, expired or not, if there is one. */
  void terminateFor(String token, String id);

  /** Deletes uploads whose expiry has passed; returns how many. */
  int sweepExpired();
}
