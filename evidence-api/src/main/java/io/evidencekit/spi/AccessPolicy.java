package io.evidencekit.spi;

import io.evidencekit.api.Actor;
import io.evidencekit.api.EvidenceRequest;

/**
 * Decides who may see and act on which request. The engine asks it before every officer-side
 * operation, records the rule that allowed a read with the read, and records a refusal, with its rule,
 * in the custody log before answering {@code ACCESS_DENIED}.
 *
 * <h2>Contract</h2>
 *
 * Each rule names the test of {@code AccessPolicyContract} (module {@code evidence-tck}) that checks it,
 * over a sample of officers, requests and every {@link AccessAction} (a policy's own test may add to the
 * sample).
 *
 * <ul>
 *   <li><b>Total, and one failure channel: a refusal.</b> Every question gets an {@link AccessDecision},
 *       never {@code null} and never an exception; a policy that cannot decide refuses
 *       ({@code decisionsAreTotal}). The engine counts an exception as a refusal anyway, but an
 *       implementation must not rely on that.
 *   <li><b>Deterministic and free of side effects.</b> The same question gets the same answer, whenever
 *       and in whatever order it is asked, and from every policy built the same way
 *       ({@code sameQuestionSameAnswer}, {@code answersIndependentOfHistory}).
 *   <li><b>Threads.</b> Thread-safe, and fast: it runs on every officer operation, so it holds no locks
 *       that callers wait on and does no I/O it could avoid ({@code concurrentDecisions}).
 *   <li><b>Rules say why, and name no one.</b> {@link AccessDecision#rule()} is kept in the custody log
 *       for years: it names the rule that decided, never a person, an address or a request's content
 *       ({@code rulesHoldNoPersonalData}). A refusal's rule tells it apart from every allowance
 *       ({@code refusalsSayWhy}, in the group {@code Refusals}, which a policy that refused nothing in the
 *       sample skips).
 * </ul>
 */
@FunctionalInterface
public interface AccessPolicy {

  /** May {@code officer} do {@code action} with {@code request}? Never null; never throws. */
  AccessDecision decide(Actor.Officer officer, AccessAction action, EvidenceRequest request);

  /**
   * May the officer read the whole custody log, events of every request (an audit)? Asked before every
   * such read; the answer and the reason given are recorded. The default refuses everyone, so a policy
   * grants it deliberately. Same rules as {@link #decide}: thread-safe, fast, no side effects.
   */
  default AccessDecision decideLogRead(Actor.Officer officer) {
    return AccessDecision.deny("reading the whole custody log is not granted by this policy");
  }
}
