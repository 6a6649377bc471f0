package io.evidencekit.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One file received, identified by content.
 *
 * @param submittedName the name the submitter's device gave the file; metadata only, never a path
 * @param claimedContentType the type the submitter's device claimed; never trusted or used to render
 * @param scanState where the item stands with the malware scanners ({@link Scanning}); an
 *     {@link ScanState#INFECTED} item is quarantined
 */
public record EvidenceItem(
    ItemId id,
    RequestId requestId,
    SubmissionId submissionId,
    Sha256 sha256,
    long size,
    String submittedName,
    String claimedContentType,
    Instant receivedAt,
    ScanState scanState) {
  public static final int MAX_NAME = 1_024;

  public EvidenceItem {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(submissionId, "submissionId");
    Objects.requireNonNull(sha256, "sha256");
    Validate.nonNegative(size, "size");
    Objects.requireNonNull(submittedName, "submittedName");
    Objects.requireNonNull(claimedContentType, "claimedContentType");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(scanState, "scanState");
  }

  /** An item just received: not yet scanned. */
  public EvidenceItem(ItemId id, RequestId requestId, SubmissionId submissionId, Sha256 sha256, long size,
      String submittedName, String claimedContentType, Instant receivedAt) {
    this(id, requestId, submissionId, sha256, size, submittedName, claimedContentType, receivedAt, ScanState.PENDING);
  }
}
