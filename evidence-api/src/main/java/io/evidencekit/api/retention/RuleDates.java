package io.evidencekit.api.retention;

import java.time.LocalDate;
import java.util.Optional;

/**
 * One rule as it applies to a request's evidence.
 *
 * @param started the day its period runs from (the latest trigger), empty if it has not started
 * @param ends the day it ends, empty while it does not apply or while it is open
 * @param open whether it keeps the evidence with no end known yet (a CPIA floor while proceedings are pending)
 * @param note how the dates came about, in words
 */
public record RuleDates(String rule, RetentionAction action, Optional<LocalDate> started, Optional<LocalDate> ends,
    boolean open, String note) {
  public RuleDates {
    Checks.present(rule, "rule");
    Checks.present(action, "action");
    Checks.present(started, "started");
    Checks.present(ends, "ends");
    Checks.present(note, "note");
    if (open && ends.isPresent()) {
      throw Checks.invalid("an open rule has no end");
    }
  }

  /** Whether the rule holds the evidence at all (it started, or it is open). */
  public boolean applies() {
    return open || ends.isPresent();
  }
}
