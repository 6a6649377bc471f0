package io.evidencekit.core.access;

import io.evidencekit.api.Actor;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.core.custody.CustodyEvents;
import io.evidencekit.core.custody.CustodyLog;
import io.evidencekit.core.custody.PendingEvent;
import io.evidencekit.core.internal.Database;
import io.evidencekit.core.internal.EngineClock;
import io.evidencekit.spi.AccessAction;
import io.evidencekit.spi.AccessDecision;
import io.evidencekit.spi.AccessPolicy;
import java.util.List;
import java.util.Map;

/**
 * Asks the policy and enforces its answer; a refusal is recorded in the custody log (in its own
 * transaction, so it survives the failed operation) and thrown as ACCESS_DENIED. Engine-internal.
 */
public final class AccessGuard {
  private final AccessPolicy policy;
  private final Database db;
  private final EngineClock clock;
  private final CustodyLog custody;

  public AccessGuard(AccessPolicy policy, Database db, EngineClock clock, CustodyLog custody) {
    this.policy = policy;
    this.db = db;
    this.clock = clock;
    this.custody = custody;
  }

  /** Returns the rule that allowed the action, or records the refusal and throws. */
  public String require(Actor.Officer officer, AccessAction action, EvidenceRequest request, String reason) {
    AccessDecision decision = decide(officer, action, request);
    if (decision.allowed()) {
      return decision.rule();
    }
    db.inTransaction(h -> custody.append(h, List.of(CustodyEvents.accessRefused(clock.now(), officer, request.id(),
        action.name(), decision.rule(), reason))));
    throw new EvidenceException(ErrorCode.ACCESS_DENIED,
        "access to request " + request.reference() + " refused (" + action + ")");
  }

  /** As {@link #require} for reading the whole log. */
  public String requireLogRead(Actor.Officer officer, String reason) {
    AccessDecision decision;
    try {
      decision = policy.decideLogRead(officer);
    } catch (RuntimeException e) {
      decision = AccessDecision.deny("policy failed: " + e.getClass().getSimpleName());
    }
    if (decision.allowed()) {
      return decision.rule();
    }
    String rule = decision.rule();
    db.inTransaction(h -> custody.append(h, List.of(CustodyEvents.accessRefused(clock.now(), officer,
        "READ_CUSTODY_LOG", rule, reason))));
    throw new EvidenceException(ErrorCode.ACCESS_DENIED, "reading the whole custody log refused");
  }

  /** Asks without enforcing; a policy that throws counts as a refusal. */
  public AccessDecision decide(Actor.Officer officer, AccessAction action, EvidenceRequest request) {
    try {
      return policy.decide(officer, action, request);
    } catch (RuntimeException e) {
      return AccessDecision.deny("policy failed: " + e.getClass().getSimpleName());
    }
  }
}
