package io.evidencekit.api;

import java.util.Objects;
import java.util.UUID;

/** Identifies one submission. Opaque; compare with {@code equals}. */
public record SubmissionId(UUID value) {
  public SubmissionId {
    Objects.requireNonNull(value, "value");
  }

  /** Parses the form produced by {@link #toString()}. */
  public static SubmissionId parse(String text) {
    try {
      return new SubmissionId(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw Validate.invalid("not a submission id");
    }
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
