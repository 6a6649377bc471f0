package io.evidencekit.api.retention;

import io.evidencekit.api.RequestId;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Why a request's evidence is kept, and until when: each rule with its dates, and the one that governs
 * (the longest; an open rule is longer than any dated one; the CPIA floor counts under every rule).
 *
 * @param category empty if the request has not been classified (nothing is then ever due)
 * @param facts every fact that counts, with the engine's own (received, reviewed)
 * @param governing the rule that ends last, if any applies
 * @param retainedUntil until when the evidence is kept: the governing rule's end (empty: open, or no rule applies)
 * @param holds the holds standing over the request or any of its items
 */
public record RetentionExplanation(RequestId request, String reference, Optional<String> category, RetentionState state,
    List<RetentionExplanation.Fact> facts, List<RuleDates> rules, Optional<RuleDates> governing, Optional<LocalDate> retainedUntil,
    List<LegalHold> holds) {
  public RetentionExplanation {
    Checks.present(request, "request");
    Checks.present(reference, "reference");
    Checks.present(category, "category");
    Checks.present(state, "state");
    facts = List.copyOf(facts);
    rules = List.copyOf(rules);
    Checks.present(governing, "governing");
    Checks.present(retainedUntil, "retainedUntil");
    holds = List.copyOf(holds);
  }

  /** A fact that counts for the request: recorded by the host, or known to the engine (received, reviewed). */
  public record Fact(RetentionEvent kind, LocalDate on, String source) {
    public Fact {
      Checks.present(kind, "kind");
      Checks.present(on, "on");
      Checks.present(source, "source");
    }
  }
}
