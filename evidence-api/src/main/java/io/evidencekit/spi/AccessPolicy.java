package io.evidencekit.spi;

import io.evidencekit.api.Actor;
import io.evidencekit.api.EvidenceRequest;

/**
 * Decides who may see and act on which request. The engine asks it before every officer-side
 * operation and records refusals in the custody log. Implementations must be thread-safe, fast and
 * free of side effects.
 */
@FunctionalInterface
public interface AccessPolicy {
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
