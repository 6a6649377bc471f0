package io.evidencekit.core;

import java.util.Objects;

/**
 * What an export wrote.
 *
 * @param location where the bag is: its directory, its zip file, or (streamed to the caller) its name in the zip
 * @param files number of payload files
 * @param bytes payload bytes (Payload-Oxum's first number)
 * @param events custody events in the bag, each with its inclusion proof
 * @param treeSize the size of the signed checkpoint in the bag
 * @param earlierCheckpoints earlier checkpoints of the log in the bag, each with a consistency proof to it
 */
public record ExportSummary(String location, int files, long bytes, int events, long treeSize, int earlierCheckpoints) {
  public ExportSummary {
    Objects.requireNonNull(location, "location");
  }
}
