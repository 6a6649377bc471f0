package io.evidencekit.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the submitter gets back: enough to exhibit the footage in a witness statement.
 * The same submission always yields an equal receipt.
 */
public record Receipt(
    ForceReference reference,
    SubmissionId submissionId,
    Instant submittedAt,
    List<Line> files,
    Optional<String> caption,
    Declaration declaration) {
  public Receipt {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(submissionId, "submissionId");
    Objects.requireNonNull(submittedAt, "submittedAt");
    files = List.copyOf(files);
    Objects.requireNonNull(caption, "caption");
    Objects.requireNonNull(declaration, "declaration");
  }

  /** One file on the receipt. */
  public record Line(String name, long size, Sha256 sha256) {
    public Line {
      Objects.requireNonNull(name, "name");
      Validate.nonNegative(size, "size");
      Objects.requireNonNull(sha256, "sha256");
    }
  }
}
