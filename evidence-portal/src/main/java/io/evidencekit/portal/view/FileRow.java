package io.evidencekit.portal.view;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A received file in the list: display name (already made visible-safe), size, and its item id for removal;
 * what the media inspector found (worded) and its warnings (worded; they never block the submission).
 */
public record FileRow(String itemId, String name, String size, Optional<String> media, List<String> warnings) {
  public FileRow {
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(media, "media");
    warnings = List.copyOf(warnings);
  }

  public FileRow(String itemId, String name, String size) {
    this(itemId, name, size, Optional.empty(), List.of());
  }
}
