package io.evidencekit.spi;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.Sha256;
import java.util.Objects;

/** A blob made durable by {@link BlobWriter#commit}. */
public record StoredBlob(BlobId id, long size, Sha256 sha256) {
  public StoredBlob {
    Objects.requireNonNull(id, "id");
    if (size < 0) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a blob's size must not be negative");
    }
    Objects.requireNonNull(sha256, "sha256");
  }
}
