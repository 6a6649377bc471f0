package io.evidencekit.spi;

import java.util.List;
import java.util.Objects;

/**
 * One answer of {@link VideoSource#list}.
 *
 * @param consultations completed consultations after the cursor, oldest position first, each at most once
 * @param next the cursor to pass next time: after the last consultation returned (the cursor passed in, or
 *     the start, when none were)
 * @param more whether more consultations wait after {@code next} already
 * @param refused what the source found but could not list; may be empty
 */
public record ConsultationPage(List<Consultation> consultations, VideoCursor next, boolean more,
    List<RefusedEntry> refused) {
  public ConsultationPage {
    consultations = List.copyOf(consultations);
    Objects.requireNonNull(next, "next cursor");
    refused = List.copyOf(refused);
  }
}
