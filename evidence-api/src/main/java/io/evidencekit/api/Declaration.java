package io.evidencekit.api;

/**
 * The submitter's statement that the files are relevant, naming how many there are. The engine
 * refuses a declaration whose count differs from the files actually received.
 */
public record Declaration(int fileCount, String statement) {
  public Declaration {
    Validate.positive(fileCount, "declared file count");
    if (!statementFor(fileCount).equals(statement)) {
      throw new EvidenceException(ErrorCode.DECLARATION_MISMATCH,
          "the declaration must read: " + statementFor(fileCount));
    }
  }

  /** The declaration for {@code fileCount} files, in the force's wording. */
  public static Declaration of(int fileCount) {
    return new Declaration(fileCount, statementFor(fileCount));
  }

  public static String statementFor(int fileCount) {
    return fileCount == 1
        ? "I agree that this 1 file is relevant to the incident."
        : "I agree that these " + fileCount + " files are relevant to the incident.";
  }
}
