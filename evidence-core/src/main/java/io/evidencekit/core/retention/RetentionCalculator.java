package io.evidencekit.core.retention;

import io.evidencekit.api.retention.RetentionAction;
import io.evidencekit.api.retention.RetentionCategory;
import io.evidencekit.api.retention.RetentionEvent;
import io.evidencekit.api.retention.RetentionExplanation.Fact;
import io.evidencekit.api.retention.RetentionRule;
import io.evidencekit.api.retention.RetentionRules;
import io.evidencekit.api.retention.RuleDates;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Works out each rule's dates for one request from its facts, and which rule governs. Pure: no clock, no
 * database. The longest rule governs; an open rule (the CPIA floor while proceedings are pending) is longer
 * than any dated one; at equal ends a review is preferred over disposal. A rule whose triggers were never
 * recorded does not apply. Thread-safe.
 */
public final class RetentionCalculator {
  /** The name under which a reviewer's retain-until appears among the rules. */
  public static final String REVIEW_DECISION = "review-decision";

  private static final Set<RetentionEvent> CPIA_FACTS = EnumSet.of(RetentionEvent.NO_FURTHER_ACTION,
      RetentionEvent.CHARGED, RetentionEvent.ACQUITTED, RetentionEvent.CONVICTED, RetentionEvent.DISCONTINUED,
      RetentionEvent.RELEASED, RetentionEvent.APPEAL_LODGED, RetentionEvent.APPEAL_DECIDED, RetentionEvent.CCRC_LODGED,
      RetentionEvent.CCRC_DECIDED);

  /** Every rule's dates and the one that governs (empty if none applies). */
  public record Result(List<RuleDates> rules, Optional<RuleDates> governing) {
    /** The day the evidence may first be reviewed or disposed of; empty while open or while no rule applies. */
    public Optional<LocalDate> ends() {
      return governing.flatMap(RuleDates::ends);
    }

    public Optional<RetentionAction> action() {
      return governing.filter(RuleDates::applies).map(RuleDates::action);
    }
  }

  private RetentionCalculator() {}

  public static Result evaluate(RetentionRules rules, RetentionCategory category, Collection<Fact> facts,
      Optional<LocalDate> retainUntil, Optional<LocalDate> reviewedOn) {
    List<RuleDates> dates = new ArrayList<>();
    for (RetentionRule rule : category.rules()) {
      dates.add(afterLatest(rule, facts));
    }
    if (category.cpiaFloor()) {
      rules.cpiaFloor().ifPresent(floor -> dates.add(cpia(floor, facts)));
    }
    retainUntil.ifPresent(until -> dates.add(new RuleDates(REVIEW_DECISION, RetentionAction.REVIEW, reviewedOn,
        Optional.of(until), false, "a reviewer decided to retain until " + until)));
    Optional<RuleDates> governing = dates.stream().filter(RuleDates::applies).max(LONGEST);
    return new Result(dates, governing);
  }

  /** Open beats any date; then the later end; at equal ends REVIEW beats DISPOSE. */
  private static final Comparator<RuleDates> LONGEST = Comparator
      .comparing((RuleDates r) -> r.open())
      .thenComparing(r -> r.ends().orElse(LocalDate.MIN))
      .thenComparing(r -> r.action() == RetentionAction.REVIEW);

  static RuleDates afterLatest(RetentionRule rule, Collection<Fact> facts) {
    Optional<Fact> latest = facts.stream().filter(f -> rule.triggers().contains(f.kind()))
        .max(Comparator.comparing(Fact::on));
    if (latest.isEmpty()) {
      return new RuleDates(rule.name(), rule.action(), Optional.empty(), Optional.empty(), false,
          "does not apply yet: none of " + rule.orderedTriggers() + " recorded");
    }
    LocalDate start = latest.get().on();
    LocalDate end = start.plus(rule.period());
    return new RuleDates(rule.name(), rule.action(), Optional.of(start), Optional.of(end), false,
        rule.period() + " after " + latest.get().kind() + " on " + start);
  }

  static RuleDates cpia(RetentionRule floor, Collection<Fact> facts) {
    Optional<LocalDate> first = facts.stream().filter(f -> CPIA_FACTS.contains(f.kind())).map(Fact::on)
        .min(Comparator.naturalOrder());
    if (first.isEmpty()) {
      return new RuleDates(floor.name(), RetentionAction.REVIEW, Optional.empty(), Optional.empty(), false,
          "does not apply yet: no decision, charge or verdict recorded");
    }
    Optional<LocalDate> appealLodged = latest(facts, RetentionEvent.APPEAL_LODGED);
    Optional<LocalDate> appealDecided = latest(facts, RetentionEvent.APPEAL_DECIDED);
    Optional<LocalDate> ccrcLodged = latest(facts, RetentionEvent.CCRC_LODGED);
    Optional<LocalDate> ccrcDecided = latest(facts, RetentionEvent.CCRC_DECIDED);
    if (pending(appealLodged, appealDecided) || pending(ccrcLodged, ccrcDecided)) {
      return open(floor, first, "an appeal or CCRC application is pending");
    }
    LocalDate end;
    String why;
    Optional<LocalDate> convicted = latest(facts, RetentionEvent.CONVICTED);
    Optional<LocalDate> verdictOrDrop = later(latest(facts, RetentionEvent.ACQUITTED),
        latest(facts, RetentionEvent.DISCONTINUED));
    Optional<LocalDate> charged = latest(facts, RetentionEvent.CHARGED);
    Optional<LocalDate> nfa = latest(facts, RetentionEvent.NO_FURTHER_ACTION);
    if (convicted.isPresent()) {
      LocalDate c = convicted.get();
      Optional<LocalDate> released = latest(facts, RetentionEvent.RELEASED).filter(r -> !r.isBefore(c));
      if (released.isEmpty()) {
        return open(floor, first, "convicted on " + c + ": kept until release from custody or hospital");
      }
      LocalDate minimum = c.plus(floor.period());
      end = released.get().isAfter(minimum) ? released.get() : minimum;
      why = "convicted on " + c + ", released on " + released.get() + ", and at least " + floor.period()
          + " from the conviction";
    } else if (verdictOrDrop.isPresent()) {
      end = verdictOrDrop.get();
      why = "acquitted or discontinued on " + end;
    } else if (charged.isPresent()) {
      return open(floor, first, "charged on " + charged.get() + ": kept until acquittal, conviction or discontinuance");
    } else if (nfa.isPresent()) {
      end = nfa.get();
      why = "no further action decided on " + end;
    } else {
      // Only facts that end nothing by themselves (a release, a decided appeal): kept to the latest of them.
      end = facts.stream().filter(f -> CPIA_FACTS.contains(f.kind())).map(Fact::on).max(Comparator.naturalOrder())
          .orElseThrow();
      why = "no decision or verdict recorded; kept at least to the latest case fact on " + end;
    }
    Optional<LocalDate> decided = later(appealDecided, ccrcDecided);
    if (decided.isPresent() && decided.get().isAfter(end)) {
      end = decided.get();
      why += "; extended to the appeal or CCRC decision on " + end;
    }
    return new RuleDates(floor.name(), RetentionAction.REVIEW, first, Optional.of(end), false, why);
  }

  private static RuleDates open(RetentionRule floor, Optional<LocalDate> first, String why) {
    return new RuleDates(floor.name(), RetentionAction.REVIEW, first, Optional.empty(), true, why);
  }

  private static boolean pending(Optional<LocalDate> lodged, Optional<LocalDate> decided) {
    return lodged.isPresent() && (decided.isEmpty() || decided.get().isBefore(lodged.get()));
  }

  private static Optional<LocalDate> latest(Collection<Fact> facts, RetentionEvent kind) {
    return facts.stream().filter(f -> f.kind() == kind).map(Fact::on).max(Comparator.naturalOrder());
  }

  private static Optional<LocalDate> later(Optional<LocalDate> a, Optional<LocalDate> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return a.get().isAfter(b.get()) ? a : b;
  }
}
