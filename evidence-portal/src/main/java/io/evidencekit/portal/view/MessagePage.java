package io.evidencekit.portal.view;

import java.util.List;
import java.util.Objects;

/** A page that only explains something: a link that no longer works, too many attempts, an error. */
public record MessagePage(Chrome chrome, String heading, List<String> paragraphs) {
  public MessagePage {
    Objects.requireNonNull(chrome, "chrome");
    Objects.requireNonNull(heading, "heading");
    paragraphs = List.copyOf(paragraphs);
  }
}
