package io.evidencekit.core.ingest;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.Sha256;
import io.evidencekit.spi.BlobStore;
import io.evidencekit.spi.BlobWriter;
import io.evidencekit.spi.StoredBlob;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Moves bytes from a source stream into the blob store once, hashing them with SHA-256 in the same
 * pass, in constant memory. The size limit is enforced while streaming; on any failure the partial
 * blob is discarded and nothing is returned. Thread-safe: each call uses its own buffer and digest.
 */
public final class IngestPipeline {
  private static final int BUFFER = 1 << 20;

  private final BlobStore store;

  public IngestPipeline(BlobStore store) {
    this.store = store;
  }

  /**
   * Stores {@code source} (not closed here: the caller owns it) and returns the durable blob.
   *
   * @throws EvidenceException LIMIT_EXCEEDED past {@code maxBytes}, UPLOAD_INTERRUPTED when the source
   *     fails, STORAGE_FAILURE when the store fails
   */
  public StoredBlob ingest(InputStream source, long maxBytes) {
    MessageDigest sha256 = newDigest();
    byte[] buffer = new byte[(int) Math.min(BUFFER, Math.max(8192, maxBytes + 1))];
    try (BlobWriter writer = openWriter()) {
      long total = 0;
      while (true) {
        int n = read(source, buffer);
        if (n < 0) {
          break;
        }
        total += n;
        if (total > maxBytes) {
          throw new EvidenceException(ErrorCode.LIMIT_EXCEEDED, "the file is larger than the limit of " + maxBytes + " bytes");
        }
        sha256.update(buffer, 0, n);
        try {
          writer.write(buffer, 0, n);
        } catch (IOException e) {
          throw storageFailure(e);
        }
      }
      try {
        return writer.commit(Sha256.of(sha256.digest()), total);
      } catch (IOException e) {
        throw storageFailure(e);
      }
    }
  }

  private BlobWriter openWriter() {
    try {
      return store.create();
    } catch (IOException e) {
      throw storageFailure(e);
    }
  }

  private static int read(InputStream source, byte[] buffer) {
    try {
      return source.read(buffer, 0, buffer.length);
    } catch (IOException e) {
      throw new EvidenceException(ErrorCode.UPLOAD_INTERRUPTED, "the upload stopped before the end of the file", e);
    }
  }

  private static EvidenceException storageFailure(IOException e) {
    return new EvidenceException(ErrorCode.STORAGE_FAILURE, "the evidence store failed; nothing was recorded", e);
  }

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
