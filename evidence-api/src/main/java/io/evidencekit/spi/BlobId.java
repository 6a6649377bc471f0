package io.evidencekit.spi;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.util.Objects;

/**
 * A store's name for a blob: printable ASCII without spaces, at most 512 characters. Chosen by the
 * store, recorded by the engine, handed back to the same store to read or delete.
 */
public record BlobId(String value) {
  public BlobId {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty() || value.length() > 512 || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a blob id is 1 to 512 printable ASCII characters");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
