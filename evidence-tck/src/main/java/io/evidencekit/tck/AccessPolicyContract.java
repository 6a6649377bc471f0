package io.evidencekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.evidencekit.api.Actor;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.spi.AccessAction;
import io.evidencekit.spi.AccessDecision;
import io.evidencekit.spi.AccessPolicy;
import io.evidencekit.tck.access.SampleAccess;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link AccessPolicy} must do, as written in its javadoc, whatever it decides. A policy
 * proves itself by extending this class in its own tests, and tests what it decides there too:
 *
 * <pre>{@code
 * @DisplayName("TeamAccessPolicy")
 * class TeamAccessPolicyTest extends AccessPolicyContract {
 *   @Override protected AccessPolicy newPolicy() { return new TeamAccessPolicy(teams()); }
 *   @Override protected List<Actor.Officer> officers() { return plus(super.officers(), teamLead()); }
 * }
 * }</pre>
 *
 * <p>Every test asks about every pairing of {@link #officers()}, {@link #requests()} and
 * {@link AccessAction}: the samples of {@link SampleAccess} unless a policy's test adds its own (roles its
 * rules look for, say). The tests of refusals form a group ({@link Refusals}) whose every test a policy
 * refusing nothing in the sample skips, for that one reason.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class AccessPolicyContract {

  /** A policy to test; every call returns a new one configured the same way. */
  protected abstract AccessPolicy newPolicy();

  /** The officers to ask about; add those your policy's rules single out. */
  protected List<Actor.Officer> officers() {
    return SampleAccess.officers();
  }

  /** The requests to ask about; add those your policy's rules single out. */
  protected List<EvidenceRequest> requests() {
    return SampleAccess.requests();
  }

  @Test
  @DisplayName("every officer, action and request gets a decision: never null, never an exception")
  void decisionsAreTotal() {
    AccessPolicy policy = newPolicy();
    for (Question question : questions()) {
      AccessDecision decision;
      try {
        decision = question.askOf(policy);
      } catch (RuntimeException e) {
        throw new AssertionError("the policy threw instead of deciding " + question, e);
      }
      assertThat(decision).as("the decision on %s", question).isNotNull();
    }
  }

  @Test
  @DisplayName("the same question gets the same answer: asked again, or of another policy built the same way")
  void sameQuestionSameAnswer() {
    AccessPolicy policy = newPolicy();
    Map<Question, AccessDecision> first = answers(policy, questions());

    assertThat(answers(policy, questions())).as("asked again").isEqualTo(first);
    assertThat(answers(newPolicy(), questions())).as("asked of another policy").isEqualTo(first);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 20240304, 7_777_777})
  @DisplayName("deciding has no side effects: answers do not depend on what was asked before, or in which order")
  void answersIndependentOfHistory(long seed) {
    Map<Question, AccessDecision> expected = answers(newPolicy(), questions());
    List<Question> shuffled = new ArrayList<>(questions());
    Collections.shuffle(shuffled, new Random(seed));
    AccessPolicy policy = newPolicy();

    for (Question question : shuffled) {
      assertThat(question.askOf(policy)).as("%s, order shuffled with seed %d", question, seed)
          .isEqualTo(expected.get(question));
    }
  }

  @Test
  @DisplayName("8 threads deciding at once get the answers one thread gets")
  void concurrentDecisions() throws Exception {
    AccessPolicy policy = newPolicy();
    List<Question> questions = questions();
    Map<Question, AccessDecision> expected = answers(newPolicy(), questions);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Map<Question, AccessDecision>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        List<Question> order = new ArrayList<>(questions);
        Collections.shuffle(order, new Random(t));
        results.add(pool.submit(() -> {
          start.await();
          Map<Question, AccessDecision> answers = new LinkedHashMap<>();
          for (int round = 0; round < 5; round++) {
            for (Question question : order) {
              AccessDecision decision = question.askOf(policy);
              AccessDecision earlier = answers.putIfAbsent(question, decision);
              if (earlier != null && !earlier.equals(decision)) {
                fail("%s was answered %s, then %s", question, earlier, decision);
              }
            }
          }
          return answers;
        }));
      }
      start.countDown();
      for (Future<Map<Question, AccessDecision>> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("a rule, which the custody log keeps for years, names no one: no user id, name, address, number or description")
  void rulesHoldNoPersonalData() {
    AccessPolicy policy = newPolicy();
    for (Question question : questions()) {
      String rule = question.askOf(policy).rule();
      assertThat(SampleAccess.personalData(question.officer(), question.request()))
          .as("personal data quoted in the rule '%s' of %s", rule, question)
          .noneMatch(rule::contains);
    }
  }

  /** Refusals; skipped when the policy refused nothing in the sample. */
  @Nested
  @DisplayName("refusals")
  class Refusals {
    @BeforeEach
    void skipUnlessSomethingIsRefused() {
      assumeTrue(answers(newPolicy(), questions()).values().stream().anyMatch(d -> !d.allowed()),
          "the policy refused nothing in the sample");
    }

    @Test
    @DisplayName("a refusal says why: its rule is never the rule of an allowance")
    void refusalsSayWhy() {
      Map<Question, AccessDecision> answers = answers(newPolicy(), questions());
      Set<String> allowing = new HashSet<>();
      answers.values().stream().filter(AccessDecision::allowed).forEach(d -> allowing.add(d.rule()));

      answers.forEach((question, decision) -> {
        if (!decision.allowed()) {
          assertThat(allowing).as("rules that allowed, against the refusal of %s", question)
              .doesNotContain(decision.rule());
        }
      });
    }
  }

  // ---- helpers

  /** One question put to a policy. */
  protected record Question(Actor.Officer officer, AccessAction action, EvidenceRequest request) {
    AccessDecision askOf(AccessPolicy policy) {
      return policy.decide(officer, action, request);
    }

    @Override
    public String toString() {
      return "officer " + officer.userId() + " " + officer.roles() + ", " + action + ", request " + request.reference();
    }
  }

  /** Every pairing of officer, action and request, in a fixed order. */
  protected final List<Question> questions() {
    List<Question> questions = new ArrayList<>();
    for (Actor.Officer officer : officers()) {
      for (EvidenceRequest request : requests()) {
        for (AccessAction action : AccessAction.values()) {
          questions.add(new Question(officer, action, request));
        }
      }
    }
    return questions;
  }

  private static Map<Question, AccessDecision> answers(AccessPolicy policy, List<Question> questions) {
    Map<Question, AccessDecision> answers = new LinkedHashMap<>();
    for (Question question : questions) {
      answers.put(question, question.askOf(policy));
    }
    return answers;
  }
}
