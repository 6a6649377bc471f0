package io.evidencekit.api;

/**
 * The submitter's agreement that the files they send are relevant to the incident, and how many
 * files they agreed about. An instance exists only once the submitter agreed (ticked the box, or the
 * officer ingested on their behalf); there is no "not agreed" declaration.
 *
 * <p>It holds no wording: the portal and the notifiers put it into words from their own message
 * bundles, in the reader's language ("I agree that these 2 files are relevant to the incident.").
 * The engine refuses a declaration whose count differs from the files actually received
 * ({@link ErrorCode#DECLARATION_MISMATCH}), so the submitter cannot have agreed about files they
 * did not see.
 *
 * @param fileCount the number of files the submitter was shown and agreed about; at least 1
 */
public record Declaration(int fileCount) {
  public Declaration {
    Validate.positive(fileCount, "declared file count");
  }

  /** The submitter agreed that these {@code fileCount} files are relevant to the incident. */
  public static Declaration of(int fileCount) {
    return new Declaration(fileCount);
  }
}
