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
 * @param scans how many of the files were scanned clean, found infected or not scanned yet when the notice
 *     was sent; empty when the engine does not scan (say that scanning is off)
 * @param media what the media inspector found in each file when the notice was sent, with the request's
 *     time windows for the warnings; empty when the engine does not inspect media
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
    Optional<URI> caseLink,
    Optional<ScanCounts> scans,
    Optional<MediaSummary> media) implements Notification {

  /**
   * Each file's media facts (in the order received; files not inspected yet are pending) and the request's
   * time windows, for the same facts and warnings the submitter saw.
   */
  public record MediaSummary(java.util.List<io.evidencekit.api.ItemMedia> files,
      java.util.List<io.evidencekit.api.TimeWindow> windows) {
    public MediaSummary {
      files = java.util.List.copyOf(files);
      windows = java.util.List.copyOf(windows);
    }
  }

  /** A notice from an engine that does not inspect media. */
  public SubmissionNotice(UUID messageId, ForceReference reference, ContactPoint to, String officerName,
      String submitterName, int fileCount, long totalBytes, Optional<String> caption, Instant submittedAt,
      Optional<URI> caseLink, Optional<ScanCounts> scans) {
    this(messageId, reference, to, officerName, submitterName, fileCount, totalBytes, caption, submittedAt, caseLink,
        scans, Optional.empty());
  }

  /**
   * The files' scan states when the notice was sent. The engine sends the notice once every file has a
   * verdict or was flagged, or after a bounded wait, whichever comes first; {@code notScanned} counts
   * files still waiting and files the scanners could not scan.
   */
  public record ScanCounts(int clean, int infected, int notScanned) {
    public ScanCounts {
      if (clean < 0 || infected < 0 || notScanned < 0) {
        throw new EvidenceException(ErrorCode.INVALID_INPUT, "scan counts cannot be negative");
      }
    }

    public int total() {
      return clean + infected + notScanned;
    }
  }

  /** A notice from an engine that does not scan. */
  public SubmissionNotice(UUID messageId, ForceReference reference, ContactPoint to, String officerName,
      String submitterName, int fileCount, long totalBytes, Optional<String> caption, Instant submittedAt,
      Optional<URI> caseLink) {
    this(messageId, reference, to, officerName, submitterName, fileCount, totalBytes, caption, submittedAt, caseLink,
        Optional.empty());
  }

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
    Objects.requireNonNull(scans, "scans");
    Objects.requireNonNull(media, "media");
  }
}
