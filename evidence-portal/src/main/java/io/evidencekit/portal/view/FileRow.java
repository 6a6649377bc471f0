package io.evidencekit.portal.view;

import java.util.Objects;

/** A received file in the list: display name (already made visible-safe), size, and its item id for removal. */
public record FileRow(String itemId, String name, String size) {
  public FileRow {
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(size, "size");
  }
}
