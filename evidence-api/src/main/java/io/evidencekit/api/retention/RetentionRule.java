package io.evidencekit.api.retention;

import java.time.Period;
import java.util.List;
import java.util.Set;

/**
 * One rule of a category.
 *
 * <ul>
 *   <li>{@link Kind#AFTER_LATEST}: ends {@code period} after the latest of its {@code triggers} recorded for
 *       the evidence; a trigger recorded later restarts it (a clear period). Until one of its triggers is
 *       recorded the rule does not apply.
 *   <li>{@link Kind#CPIA_FLOOR}: the CPIA 1996 minimum for relevant material, computed from the case facts:
 *       until a decision not to prosecute; once charged until acquittal, conviction or discontinuance; after
 *       a conviction until release from custody or hospital and never less than {@code period} from the
 *       conviction; open while an appeal or a CCRC application is pending. It applies once any such fact
 *       is recorded; {@code triggers} is ignored.
 * </ul>
 *
 * @param name stable, short, recorded in custody events ("mopi-3-clear-period")
 */
public record RetentionRule(String name, Kind kind, Set<RetentionEvent> triggers, Period period, RetentionAction action) {
  /** How a rule's end is found. */
  public enum Kind {
    AFTER_LATEST,
    CPIA_FLOOR
  }

  public RetentionRule {
    Checks.line(name, "rule name", 100);
    Checks.present(kind, "rule kind");
    Checks.present(period, "rule period");
    Checks.present(action, "rule action");
    triggers = Set.copyOf(Checks.present(triggers, "rule triggers"));
    if (period.isNegative()) {
      throw Checks.invalid("rule " + name + ": the period must not be negative");
    }
    if (kind == Kind.AFTER_LATEST && triggers.isEmpty()) {
      throw Checks.invalid("rule " + name + ": at least one trigger is needed");
    }
  }

  /** A rule ending {@code period} after the latest of {@code triggers}. */
  public static RetentionRule afterLatest(String name, Period period, RetentionAction action, RetentionEvent... triggers) {
    return new RetentionRule(name, Kind.AFTER_LATEST, Set.of(triggers), period, action);
  }

  /** The CPIA floor with its minimum after a conviction. */
  public static RetentionRule cpiaFloor(String name, Period afterConviction) {
    return new RetentionRule(name, Kind.CPIA_FLOOR, Set.of(), afterConviction, RetentionAction.REVIEW);
  }

  /** The triggers in a stable order, for display. */
  public List<RetentionEvent> orderedTriggers() {
    return triggers.stream().sorted().toList();
  }
}
