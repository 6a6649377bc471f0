package io.evidencekit.spi;

import io.evidencekit.api.ContactPoint;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.ForceReference;
import io.evidencekit.api.Sha256;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Tells the requesting officer that a file already released to them as clean was found to carry malware
 * by a later scan (typically after a signature update). The file is now quarantined; anyone who opened or
 * copied it should treat that copy as infected.
 *
 * @param fileName the name the submitter's device gave the file (metadata only)
 * @param sha256 the file's hash, to find copies of it
 * @param signatures what the scanner detected, at least one
 * @param caseLink where the officer views the request in the host system, if the host configured one
 */
public record DetectionNotice(
    UUID messageId,
    ForceReference reference,
    ContactPoint to,
    String officerName,
    String fileName,
    Sha256 sha256,
    List<String> signatures,
    Instant detectedAt,
    Optional<URI> caseLink) implements Notification {
  public DetectionNotice {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(officerName, "officerName");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(sha256, "sha256");
    signatures = List.copyOf(signatures);
    if (signatures.isEmpty()) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a detection names at least one signature");
    }
    Objects.requireNonNull(detectedAt, "detectedAt");
    Objects.requireNonNull(caseLink, "caseLink");
  }
}
