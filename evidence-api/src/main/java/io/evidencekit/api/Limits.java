package io.evidencekit.api;

/**
 * Size and count limits for what a member of the public may send. Shown to them, enforced while streaming.
 */
public record Limits(int maxFilesPerSubmission, long maxBytesPerFile, long maxBytesPerSubmission) {
  public static final Limits DEFAULT = new Limits(500, 64L << 30, 256L << 30);

  public Limits {
    Validate.positive(maxFilesPerSubmission, "maxFilesPerSubmission");
    Validate.positive(maxBytesPerFile, "maxBytesPerFile");
    Validate.positive(maxBytesPerSubmission, "maxBytesPerSubmission");
    if (maxBytesPerFile > maxBytesPerSubmission) {
      throw Validate.invalid("maxBytesPerFile must not exceed maxBytesPerSubmission");
    }
  }
}
