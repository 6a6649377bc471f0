package io.evidencekit.portal.view;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The request page: what is asked, by whom, the upload area, caption, declaration and Submit. */
public record RequestPage(
    Chrome chrome,
    String base,
    String csrf,
    String reference,
    String officer,
    String officerEmail,
    String officerPhone,
    String description,
    String expires,
    int maxFiles,
    String maxFileSize,
    String maxTotalSize,
    long maxFileBytes,
    Optional<String> submission,
    List<FileRow> files,
    String caption,
    String declaration,
    List<FieldError> errors) {
  public RequestPage {
    Objects.requireNonNull(chrome, "chrome");
    files = List.copyOf(files);
    errors = List.copyOf(errors);
  }

  public Optional<String> errorFor(String fieldId) {
    return errors.stream().filter(e -> e.fieldId().equals(fieldId)).map(FieldError::message).findFirst();
  }

  public String submissionValue() {
    return submission.orElse("");
  }
}
