package io.evidencekit.portal.view;

import java.util.Objects;

/** One error in the GOV.UK error summary, linked to the field (by id) it is about. */
public record FieldError(String fieldId, String message) {
  public FieldError {
    Objects.requireNonNull(fieldId, "fieldId");
    Objects.requireNonNull(message, "message");
  }
}
