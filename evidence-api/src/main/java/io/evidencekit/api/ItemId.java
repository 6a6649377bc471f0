package io.evidencekit.api;

import java.util.Objects;
import java.util.UUID;

/** Identifies one item. Opaque; compare with {@code equals}. */
public record ItemId(UUID value) {
  public ItemId {
    Objects.requireNonNull(value, "value");
  }

  /** Parses the form produced by {@link #toString()}. */
  public static ItemId parse(String text) {
    try {
      return new ItemId(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw Validate.invalid("not a item id");
    }
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
