package io.evidencekit.api;

import java.util.Objects;
import java.util.UUID;

/** Identifies one request. Opaque; compare with {@code equals}. */
public record RequestId(UUID value) {
  public RequestId {
    Objects.requireNonNull(value, "value");
  }

  /** Parses the form produced by {@link #toString()}. */
  public static RequestId parse(String text) {
    try {
      return new RequestId(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw Validate.invalid("not a request id");
    }
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
