package io.evidencekit.portal.view;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The success page: a printable receipt to keep and to use when writing a witness statement. */
public record ReceiptPage(Chrome chrome, String reference, String submittedAt, String officer,
    List<Line> files, Optional<String> caption, String declaration) {
  public ReceiptPage {
    Objects.requireNonNull(chrome, "chrome");
    files = List.copyOf(files);
  }

  /** One file on the receipt. */
  public record Line(String name, String size, long bytes, String sha256) {}
}
