package io.evidencekit.api.retention;

import io.evidencekit.api.RequestId;
import java.time.LocalDate;

/** A request whose evidence is on the review queue. */
public record ReviewDue(RequestId request, String reference, String category, String rule, LocalDate dueOn) {
  public ReviewDue {
    Checks.present(request, "request");
    Checks.present(reference, "reference");
    Checks.present(category, "category");
    Checks.present(rule, "rule");
    Checks.present(dueOn, "dueOn");
  }
}
