package io.evidencekit.spi;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link PartStaging} upload stands: its declared {@code length}, how many bytes are durable
 * ({@code offset}), the metadata it began with and, once {@link PartStaging#finish finished}, the outcome
 * recorded then (its offset is then its length). Immutable.
 */
public record StagedUpload(String id, long length, long offset, Map<String, String> metadata,
    Optional<Map<String, String>> outcome) {
  public StagedUpload {
    Objects.requireNonNull(id, "id");
    if (length < 0 || offset < 0 || offset > length) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a staged upload's offset must lie within its length");
    }
    metadata = Map.copyOf(metadata);
    outcome = outcome.map(Map::copyOf);
    if (outcome.isPresent() && offset != length) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a finished upload is whole");
    }
  }

  /** Every byte is durable. */
  public boolean isWhole() {
    return offset == length;
  }
}
