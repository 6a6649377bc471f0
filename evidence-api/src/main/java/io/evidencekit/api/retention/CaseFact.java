package io.evidencekit.api.retention;

import java.time.LocalDate;

/** A fact the host recorded about a request or a case, with the day it happened. */
public record CaseFact(RetentionEvent kind, LocalDate on) {
  public CaseFact {
    Checks.present(kind, "fact kind");
    Checks.present(on, "fact date");
    if (!kind.hostRecorded()) {
      throw Checks.invalid(kind + " is recorded by the engine itself, not by a host");
    }
  }
}
