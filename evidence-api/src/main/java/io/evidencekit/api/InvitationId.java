package io.evidencekit.api;

import java.util.Objects;
import java.util.UUID;

/** Identifies one invitation. Opaque; compare with {@code equals}. */
public record InvitationId(UUID value) {
  public InvitationId {
    Objects.requireNonNull(value, "value");
  }

  /** Parses the form produced by {@link #toString()}. */
  public static InvitationId parse(String text) {
    try {
      return new InvitationId(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw Validate.invalid("not a invitation id");
    }
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
