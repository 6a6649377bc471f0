package io.evidencekit.spi;

import io.evidencekit.api.ContactPoint;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.ForceReference;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Tells the requesting officer that evidence arrived.
 *
 * @param caseLink where the officer views it in the host system, if the host configured one
 */
public record SubmissionNotice(
    UUID messageId,
    ForceReference reference,
    ContactPoint to,
    String officerName,
    String submitterName,
    int fileCount,
    long totalBytes,
    Optional<String> caption,
    Instant submittedAt,
    Optional<URI> caseLink) implements Notification {
  public SubmissionNotice {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(officerName, "officerName");
    Objects.requireNonNull(submitterName, "submitterName");
    if (fileCount < 1 || totalBytes < 0) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a submission has at least one file and no negative size");
    }
    Objects.requireNonNull(caption, "caption");
    Objects.requireNonNull(submittedAt, "submittedAt");
    Objects.requireNonNull(caseLink, "caseLink");
  }
}
