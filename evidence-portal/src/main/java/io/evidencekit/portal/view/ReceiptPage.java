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

  /** One file on the receipt, with what the media inspector found and its warnings (worded), if anything. */
  public record Line(String name, String size, long bytes, String sha256, Optional<String> media, List<String> warnings) {
    public Line {
      Objects.requireNonNull(media, "media");
      warnings = List.copyOf(warnings);
    }

    public Line(String name, String size, long bytes, String sha256) {
      this(name, size, bytes, sha256, Optional.empty(), List.of());
    }
  }
}
