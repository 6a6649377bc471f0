package io.evidencekit.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of an officer's ingest from disc or USB.
 *
 * @param receipt the receipt of the submission this run completed; empty when every file had already
 *     been ingested, so nothing new was recorded
 * @param files every file found, in the order read
 */
public record OfficerIngest(Optional<Receipt> receipt, List<IngestedFile> files) {
  public OfficerIngest {
    Objects.requireNonNull(receipt, "receipt");
    files = List.copyOf(files);
  }

  public long newFiles() {
    return files.stream().filter(f -> !f.alreadyIngested()).count();
  }

  public long skippedFiles() {
    return files.stream().filter(IngestedFile::alreadyIngested).count();
  }
}
