package io.evidencekit.api;

/** A force's reference for a request, such as {@code 46/00042/24}: unique, shown to the public. */
public record ForceReference(String value) {
  public ForceReference {
    Validate.line(value, "force reference", 64);
  }

  @Override
  public String toString() {
    return value;
  }
}
