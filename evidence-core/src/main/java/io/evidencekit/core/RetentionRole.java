package io.evidencekit.core;

import io.evidencekit.api.Actor;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.retention.CaseFact;
import io.evidencekit.api.retention.HoldTarget;
import io.evidencekit.api.retention.LegalHold;
import io.evidencekit.api.retention.Retention;
import io.evidencekit.api.retention.RetentionExplanation;
import io.evidencekit.api.retention.RetentionRules;
import io.evidencekit.api.retention.ReviewDue;
import io.evidencekit.api.retention.SweepReport;
import io.evidencekit.core.custody.CustodyEvents;
import io.evidencekit.spi.AccessAction;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The retention role: every change asks the access policy ({@code MANAGE_RETENTION}, or {@code LEGAL_HOLD}
 * for holds) for each request concerned, needs a reason, and is recorded. An act on a case is allowed when
 * the policy allows it on every request linked to the case.
 */
final class RetentionRole implements Retention {
  private final EngineParts parts;
  private final Liveness liveness;

  RetentionRole(EngineParts parts, Liveness liveness) {
    this.parts = parts;
    this.liveness = liveness;
  }

  @Override
  public RetentionRules rules() {
    liveness.check();
    return parts.retention.rules();
  }

  @Override
  public void classify(Actor.Officer by, RequestId request, String category, String reason) {
    String why = allow(by, AccessAction.MANAGE_RETENTION, request, reason);
    parts.retention.classify(by, request, Objects.requireNonNull(category, "category"), why);
  }

  @Override
  public void linkToCase(Actor.Officer by, RequestId request, String caseReference, String reason) {
    String why = allow(by, AccessAction.MANAGE_RETENTION, request, reason);
    parts.retention.linkToCase(by, request, Objects.requireNonNull(caseReference, "caseReference"), why);
  }

  @Override
  public void recordFact(Actor.Officer by, RequestId request, CaseFact fact, String reason) {
    String why = allow(by, AccessAction.MANAGE_RETENTION, request, reason);
    parts.retention.recordFact(by, Optional.of(request), Optional.empty(), Objects.requireNonNull(fact, "fact"), why);
  }

  @Override
  public void recordCaseFact(Actor.Officer by, String caseReference, CaseFact fact, String reason) {
    liveness.check();
    String why = Reasons.require(reason);
    for (RequestId r : parts.retention.requestsUnder(HoldTarget.ofCase(caseReference))) {
      parts.access.require(by, AccessAction.MANAGE_RETENTION, request(r), why);
    }
    parts.retention.recordFact(by, Optional.empty(), Optional.of(caseReference), Objects.requireNonNull(fact, "fact"), why);
  }

  @Override
  public RetentionExplanation explain(Actor.Officer by, RequestId request, String reason) {
    String why = allow(by, AccessAction.VIEW_REQUEST, request, reason);
    return parts.db.inTransaction(h -> {
      parts.custody.append(h, List.of(CustodyEvents.requestViewed(parts.clock.now(), by, request, "retention", why)));
      return parts.retention.explain(h, request);
    });
  }

  @Override
  public RetentionExplanation explain(Actor.Officer by, ItemId item, String reason) {
    liveness.check();
    RequestId request = parts.retention.requestsUnder(HoldTarget.item(item)).get(0);
    return explain(by, request, reason);
  }

  @Override
  public LegalHold setHold(Actor.Officer by, HoldTarget target, String reason) {
    liveness.check();
    String why = Reasons.require(reason);
    for (RequestId r : parts.retention.requestsUnder(Objects.requireNonNull(target, "target"))) {
      parts.access.require(by, AccessAction.LEGAL_HOLD, request(r), why);
    }
    return parts.retention.setHold(by, target, why);
  }

  @Override
  public void liftHold(Actor.Officer by, UUID hold, String reason) {
    liveness.check();
    String why = Reasons.require(reason);
    HoldTarget target = parts.retention.holdTarget(Objects.requireNonNull(hold, "hold"))
        .orElseThrow(() -> new EvidenceException(ErrorCode.NOT_FOUND, "no such legal hold"));
    for (RequestId r : parts.retention.requestsUnder(target)) {
      parts.access.require(by, AccessAction.LEGAL_HOLD, request(r), why);
    }
    parts.retention.liftHold(by, hold, why);
  }

  @Override
  public List<LegalHold> holds(Actor.Officer by, RequestId request, String reason) {
    String why = allow(by, AccessAction.VIEW_REQUEST, request, reason);
    parts.db.inTransaction(h -> parts.custody.append(h,
        List.of(CustodyEvents.requestViewed(parts.clock.now(), by, request, "legal-holds", why))));
    return parts.retention.holds(request);
  }

  @Override
  public List<ReviewDue> reviewsDue(Actor.Officer by, int max) {
    liveness.check();
    if (max < 1) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "ask for at least one review");
    }
    // Only the ones this officer may review: the policy decides per request.
    return parts.retention.reviewsDue(max).stream()
        .filter(d -> parts.access.decide(by, AccessAction.MANAGE_RETENTION, request(d.request())).allowed())
        .toList();
  }

  @Override
  public void retainUntil(Actor.Officer by, RequestId request, LocalDate until, String reason) {
    String why = allow(by, AccessAction.MANAGE_RETENTION, request, reason);
    parts.retention.retainUntil(by, request, Objects.requireNonNull(until, "until"), why);
  }

  @Override
  public void scheduleDisposal(Actor.Officer by, RequestId request, String reason) {
    String why = allow(by, AccessAction.MANAGE_RETENTION, request, reason);
    parts.retention.scheduleDisposal(by, request, why);
  }

  @Override
  public void cancelDisposal(Actor.Officer by, RequestId request, LocalDate reviewOn, String reason) {
    String why = allow(by, AccessAction.MANAGE_RETENTION, request, reason);
    parts.retention.cancelDisposal(by, request, Objects.requireNonNull(reviewOn, "reviewOn"), why);
  }

  @Override
  public SweepReport sweep(Instant asOf, boolean dryRun) {
    liveness.check();
    return parts.retention.sweep(Objects.requireNonNull(asOf, "asOf"), dryRun);
  }

  private String allow(Actor.Officer by, AccessAction action, RequestId request, String reason) {
    liveness.check();
    String why = Reasons.require(reason);
    parts.access.require(by, action, request(request), why);
    return why;
  }

  private EvidenceRequest request(RequestId id) {
    return parts.db.read(h -> parts.requestStore.find(h, id))
        .orElseThrow(() -> new EvidenceException(ErrorCode.NOT_FOUND, "no such request"));
  }
}
