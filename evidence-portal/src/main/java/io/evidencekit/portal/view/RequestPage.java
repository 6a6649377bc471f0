package io.evidencekit.portal.view;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The request page: what is asked, by whom, the upload area, caption, declaration and Submit.
 *
 * @param policy what the page says about using the link again (already worded)
 * @param sentBefore a note that earlier batches were sent with this link, if any (already worded)
 * @param scriptMessages the script's message patterns as JSON (escaped by the template)
 * @param windows the times the officer asked footage from, per camera or location (worded); may be empty
 */
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
    String limits,
    String policy,
    Optional<String> sentBefore,
    long maxFileBytes,
    int maxFiles,
    int maxCaption,
    Optional<String> submission,
    List<FileRow> files,
    String caption,
    String declaration,
    List<FieldError> errors,
    String scriptMessages,
    List<String> windows) {
  public RequestPage {
    Objects.requireNonNull(chrome, "chrome");
    files = List.copyOf(files);
    errors = List.copyOf(errors);
    windows = List.copyOf(windows);
  }

  public RequestPage(Chrome chrome, String base, String csrf, String reference, String officer, String officerEmail,
      String officerPhone, String description, String expires, String limits, String policy,
      Optional<String> sentBefore, long maxFileBytes, int maxFiles, int maxCaption, Optional<String> submission,
      List<FileRow> files, String caption, String declaration, List<FieldError> errors, String scriptMessages) {
    this(chrome, base, csrf, reference, officer, officerEmail, officerPhone, description, expires, limits, policy,
        sentBefore, maxFileBytes, maxFiles, maxCaption, submission, files, caption, declaration, errors,
        scriptMessages, List.of());
  }

  public Optional<String> errorFor(String fieldId) {
    return errors.stream().filter(e -> e.fieldId().equals(fieldId)).map(FieldError::message).findFirst();
  }

  public String submissionValue() {
    return submission.orElse("");
  }
}
