package io.evidencekit.api.retention;

import io.evidencekit.api.Actor;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.RequestId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Retention, review, legal holds and disposal, by rule (the engine's {@code retention()} role).
 *
 * <p>The unit kept or disposed of is a request with everything received for it. A request is kept until
 * its category's rules, and the CPIA floor under them, have all ended (the longest wins); then it comes up
 * for review or is scheduled for disposal, as the governing rule says. Disposal happens in two steps:
 * scheduled (cancellable during the grace period, 7 days by default), then carried out by a sweep: every
 * stored copy deleted, personal data redacted from the records and from the custody events' bodies (their
 * hashes stay, so every proof and checkpoint still verifies), and a disposal certificate appended to the log.
 *
 * <p>While a legal hold stands on a request, on any of its items, or on a case it is linked to, nothing of
 * it is disposed of by any path: the sweep, a review outcome, or {@link #scheduleDisposal}.
 *
 * <p>Every change needs an officer the access policy allows ({@code MANAGE_RETENTION}, {@code LEGAL_HOLD}),
 * a reason, and is a custody event. Thread-safe; failures are {@code EvidenceException}s.
 */
public interface Retention {

  /** The rules in force (the defaults unless the host configured its own). */
  RetentionRules rules();

  /** Classifies a request under a category of {@link #rules()}; a new classification replaces the old. */
  void classify(Actor.Officer by, RequestId request, String category, String reason);

  /** Links a request to a case the host names: the case's facts and holds then count for the request. */
  void linkToCase(Actor.Officer by, RequestId request, String caseReference, String reason);

  /** Records a fact about a request (closed, not relevant, charged, the subject's date of birth...). */
  void recordFact(Actor.Officer by, RequestId request, CaseFact fact, String reason);

  /** Records a fact about a case: it counts for every request linked to the case, now or later. */
  void recordCaseFact(Actor.Officer by, String caseReference, CaseFact fact, String reason);

  /** Each rule of the request's category with its dates, and which governs. Recorded as a view. */
  RetentionExplanation explain(Actor.Officer by, RequestId request, String reason);

  /** As {@link #explain(Actor.Officer, RequestId, String)} for the request an item belongs to. */
  RetentionExplanation explain(Actor.Officer by, ItemId item, String reason);

  /**
   * Sets a legal hold. A disposal scheduled under it is cancelled at once; one already being carried out
   * cannot be held ({@code INVALID_INPUT}).
   */
  LegalHold setHold(Actor.Officer by, HoldTarget target, String reason);

  /** Lifts a hold; when the last hold over a request lifts, its retention is evaluated again at the next sweep. */
  void liftHold(Actor.Officer by, UUID hold, String reason);

  /** The holds ever set over the request, its items or its cases, standing first. */
  List<LegalHold> holds(Actor.Officer by, RequestId request, String reason);

  /** The review queue, soonest due first, at most {@code max}. */
  List<ReviewDue> reviewsDue(Actor.Officer by, int max);

  /** A reviewer's outcome: keep until {@code until} (then reviewed again). */
  void retainUntil(Actor.Officer by, RequestId request, LocalDate until, String reason);

  /**
   * Schedules disposal now (a review outcome, or an officer's decision): refused while a hold stands or
   * before the longest rule ends. Carried out by the first sweep after the grace period.
   */
  void scheduleDisposal(Actor.Officer by, RequestId request, String reason);

  /** Cancels a scheduled disposal during its grace period; the request is kept and reviewed again. */
  void cancelDisposal(Actor.Officer by, RequestId request, LocalDate reviewOn, String reason);

  /**
   * Runs due reviews and scheduled disposals as of {@code asOf} (normally now; a later instant acts as if it
   * were that time). Idempotent, batched, resumable after a crash, and safe with several engines on one
   * database. A dry run changes nothing and reports what would happen.
   */
  SweepReport sweep(Instant asOf, boolean dryRun);
}
