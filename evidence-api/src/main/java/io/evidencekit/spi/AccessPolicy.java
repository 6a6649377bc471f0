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
}
