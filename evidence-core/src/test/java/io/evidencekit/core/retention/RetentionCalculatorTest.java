package io.evidencekit.core.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.retention.RetentionAction;
import io.evidencekit.api.retention.RetentionCategory;
import io.evidencekit.api.retention.RetentionEvent;
import io.evidencekit.api.retention.RetentionExplanation.Fact;
import io.evidencekit.api.retention.RetentionRules;
import io.evidencekit.api.retention.RuleDates;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Retention rules (the shipped defaults)")
class RetentionCalculatorTest {
  private static final RetentionRules RULES = RetentionRulesJson.defaults();
  private static final LocalDate RECEIVED = LocalDate.parse("2024-05-03");

  private static RetentionCalculator.Result evaluate(String category, Fact... facts) {
    List<Fact> all = new ArrayList<>(List.of(new Fact(RetentionEvent.RECEIVED, RECEIVED, "test")));
    all.addAll(List.of(facts));
    RetentionCategory c = RULES.category(category).orElseThrow();
    return RetentionCalculator.evaluate(RULES, c, all, Optional.empty(), Optional.empty());
  }

  private static Fact fact(RetentionEvent kind, String on) {
    return new Fact(kind, LocalDate.parse(on), "test");
  }

  private static RuleDates rule(RetentionCalculator.Result r, String name) {
    return r.rules().stream().filter(d -> d.rule().equals(name)).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("the defaults hold MOPI 1 to 4, community submissions not relevant, and a CPIA floor of 6 months after conviction")
  void defaults() {
    assertThat(RULES.categories()).extracting(RetentionCategory::name)
        .containsExactly("mopi-1", "mopi-2", "mopi-3", "mopi-4", "community-not-relevant");
    assertThat(RULES.cpiaFloor().orElseThrow().period()).hasToString("P6M");
    assertThat(RULES.category("community-not-relevant").orElseThrow().cpiaFloor()).isFalse();
  }

  @Test
  @DisplayName("MOPI 1: reviewed 10 years after receipt, but kept until the subject is 100, which governs")
  void mopi1() {
    var r = evaluate("mopi-1", fact(RetentionEvent.SUBJECT_BORN, "1990-02-01"));
    assertThat(rule(r, "mopi-1-review-every-10-years").ends()).contains(LocalDate.parse("2034-05-03"));
    assertThat(rule(r, "mopi-1-until-subject-100").ends()).contains(LocalDate.parse("2090-02-01"));
    assertThat(r.governing().orElseThrow().rule()).isEqualTo("mopi-1-until-subject-100");
    assertThat(r.action()).contains(RetentionAction.REVIEW);
  }

  @Test
  @DisplayName("MOPI 1 without a date of birth: the 10-year review governs, the 100-year rule does not apply yet")
  void mopi1NoBirth() {
    var r = evaluate("mopi-1");
    assertThat(rule(r, "mopi-1-until-subject-100").applies()).isFalse();
    assertThat(r.ends()).contains(LocalDate.parse("2034-05-03"));
  }

  @Test
  @DisplayName("MOPI 2: reviewed 10 years after receipt, and 10 years after the last review")
  void mopi2() {
    assertThat(evaluate("mopi-2").ends()).contains(LocalDate.parse("2034-05-03"));
    assertThat(evaluate("mopi-2", new Fact(RetentionEvent.REVIEWED, LocalDate.parse("2034-06-01"), "review")).ends())
        .contains(LocalDate.parse("2044-06-01"));
  }

  @Test
  @DisplayName("MOPI 3: a 6-year clear period, restarted by a new linked event")
  void mopi3ClearPeriodRestarts() {
    assertThat(evaluate("mopi-3").ends()).contains(LocalDate.parse("2030-05-03"));
    var restarted = evaluate("mopi-3", fact(RetentionEvent.LINKED_EVENT, "2029-01-10"));
    assertThat(restarted.ends()).contains(LocalDate.parse("2035-01-10"));
    assertThat(restarted.governing().orElseThrow().note()).contains("LINKED_EVENT");
  }

  @Test
  @DisplayName("MOPI 4: the force-configurable default reviews 6 years after the last linked event")
  void mopi4() {
    assertThat(evaluate("mopi-4").ends()).contains(LocalDate.parse("2030-05-03"));
  }

  @Test
  @DisplayName("community submissions not relevant: disposed of 31 days after the request closes, never before it closes")
  void communityNotRelevant() {
    var open = evaluate("community-not-relevant");
    assertThat(open.governing()).isEmpty();
    var closed = evaluate("community-not-relevant", fact(RetentionEvent.REQUEST_CLOSED, "2024-06-01"));
    assertThat(closed.ends()).contains(LocalDate.parse("2024-07-02"));
    assertThat(closed.action()).contains(RetentionAction.DISPOSE);
  }

  @Test
  @DisplayName("the CPIA floor: open once charged, until release after conviction, and never less than 6 months from conviction")
  void cpiaFloor() {
    var charged = evaluate("mopi-3", fact(RetentionEvent.CHARGED, "2024-06-01"));
    assertThat(rule(charged, "cpia-floor").open()).isTrue();
    assertThat(charged.governing().orElseThrow().rule()).isEqualTo("cpia-floor");
    assertThat(charged.ends()).isEmpty();

    var convicted = evaluate("mopi-3", fact(RetentionEvent.CHARGED, "2024-06-01"), fact(RetentionEvent.CONVICTED, "2025-01-10"));
    assertThat(rule(convicted, "cpia-floor").open()).isTrue(); // not yet released

    var releasedSoon = evaluate("mopi-3", fact(RetentionEvent.CONVICTED, "2025-01-10"), fact(RetentionEvent.RELEASED, "2025-02-01"));
    assertThat(rule(releasedSoon, "cpia-floor").ends()).contains(LocalDate.parse("2025-07-10"));

    var releasedLate = evaluate("mopi-2", fact(RetentionEvent.CONVICTED, "2025-01-10"), fact(RetentionEvent.RELEASED, "2040-01-01"));
    assertThat(rule(releasedLate, "cpia-floor").ends()).contains(LocalDate.parse("2040-01-01"));
    assertThat(releasedLate.governing().orElseThrow().rule()).isEqualTo("cpia-floor"); // longer than the 10-year review

    var nfa = evaluate("mopi-3", fact(RetentionEvent.NO_FURTHER_ACTION, "2024-07-01"));
    assertThat(rule(nfa, "cpia-floor").ends()).contains(LocalDate.parse("2024-07-01"));
    // The clear period restarts with the decision, and then governs: the floor is under it, not instead of it.
    assertThat(nfa.governing().orElseThrow().rule()).isEqualTo("mopi-3-clear-period-6-years");
  }

  @Test
  @DisplayName("the CPIA floor stays open while an appeal is pending and extends to its decision")
  void cpiaAppeal() {
    var pending = evaluate("mopi-2", fact(RetentionEvent.CONVICTED, "2025-01-10"), fact(RetentionEvent.RELEASED, "2025-01-10"),
        fact(RetentionEvent.APPEAL_LODGED, "2025-02-01"));
    assertThat(rule(pending, "cpia-floor").open()).isTrue();
    var decided = evaluate("mopi-2", fact(RetentionEvent.CONVICTED, "2025-01-10"), fact(RetentionEvent.RELEASED, "2025-01-10"),
        fact(RetentionEvent.APPEAL_LODGED, "2025-02-01"), fact(RetentionEvent.APPEAL_DECIDED, "2045-03-01"));
    assertThat(rule(decided, "cpia-floor").ends()).contains(LocalDate.parse("2045-03-01"));
    assertThat(decided.governing().orElseThrow().rule()).isEqualTo("cpia-floor");
  }

  @Test
  @DisplayName("the longest rule governs, and a reviewer's retain-until counts as a rule")
  void longestWins() {
    RetentionCategory c = RULES.category("mopi-2").orElseThrow();
    var r = RetentionCalculator.evaluate(RULES, c, List.of(new Fact(RetentionEvent.RECEIVED, RECEIVED, "t")),
        Optional.of(LocalDate.parse("2050-01-01")), Optional.of(LocalDate.parse("2034-05-04")));
    assertThat(r.governing().orElseThrow().rule()).isEqualTo(RetentionCalculator.REVIEW_DECISION);
    assertThat(r.ends()).contains(LocalDate.parse("2050-01-01"));
  }

  @Test
  @DisplayName("a rules file with an unknown event or a bad period fails with CONFIGURATION naming where")
  void badRulesFile() {
    assertThatThrownBy(() -> RetentionRulesJson.parse("""
        {"version":"x","categories":[{"name":"c","description":"d","rules":[
          {"name":"r","after":["SOMETHING"],"period":"P1Y","action":"REVIEW"}]}]}"""))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.CONFIGURATION);
    assertThatThrownBy(() -> RetentionRulesJson.parse("""
        {"version":"x","categories":[{"name":"c","description":"d","rules":[
          {"name":"r","after":["RECEIVED"],"period":"a year","action":"REVIEW"}]}]}"""))
        .isInstanceOf(EvidenceException.class).hasMessageContaining("category c rule r");
  }
}
