package io.evidencekit.api;

import java.util.Objects;
import java.util.Optional;

/**
 * One file of an officer's ingest.
 *
 * @param relativePath where the file was, relative to the folder given (or its name when a file was
 *     given), with {@code /} separators; metadata only, never used to build a path
 * @param alreadyIngested the same path with the same SHA-256 was ingested earlier by this officer into
 *     this request, so this run recorded nothing for it
 * @param item the item recorded by this run; empty when already ingested
 */
public record IngestedFile(String relativePath, long size, Sha256 sha256, boolean alreadyIngested, Optional<ItemId> item) {
  public IngestedFile {
    Objects.requireNonNull(relativePath, "relativePath");
    Validate.nonNegative(size, "size");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(item, "item");
    if (alreadyIngested == item.isPresent()) {
      throw Validate.invalid("an ingested file has an item exactly when it was not already ingested");
    }
  }
}
