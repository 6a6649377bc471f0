package io.evidencekit.core;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What an export wrote.
 *
 * @param bag the bag's directory
 * @param files number of payload files
 * @param bytes payload bytes (Payload-Oxum's first number)
 * @param events custody events in the bag, each with its inclusion proof
 * @param treeSize the size of the signed checkpoint in the bag
 */
public record ExportSummary(Path bag, int files, long bytes, int events, long treeSize) {
  public ExportSummary {
    Objects.requireNonNull(bag, "bag");
  }
}
