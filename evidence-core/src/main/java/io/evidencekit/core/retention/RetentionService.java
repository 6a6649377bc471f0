package io.evidencekit.core.retention;

import io.evidencekit.api.Actor;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.retention.CaseFact;
import io.evidencekit.api.retention.HoldTarget;
import io.evidencekit.api.retention.LegalHold;
import io.evidencekit.api.retention.RetentionAction;
import io.evidencekit.api.retention.RetentionCategory;
import io.evidencekit.api.retention.RetentionEvent;
import io.evidencekit.api.retention.RetentionExplanation;
import io.evidencekit.api.retention.RetentionRules;
import io.evidencekit.api.retention.RetentionState;
import io.evidencekit.api.retention.ReviewDue;
import io.evidencekit.api.retention.RuleDates;
import io.evidencekit.api.retention.SweepReport;
import io.evidencekit.core.custody.CustodyEvents;
import io.evidencekit.core.custody.CustodyLog;
import io.evidencekit.core.custody.PendingEvent;
import io.evidencekit.core.internal.Database;
import io.evidencekit.core.internal.EngineClock;
import io.evidencekit.core.internal.Ids;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Classification, case facts, holds, reviews and the sweep. Access checks are the role's; this class
 * enforces the retention rules themselves (no disposal under a hold or before the longest rule ends).
 * Thread-safe: all state is in the database; rows are locked ({@code FOR UPDATE}, the sweep with
 * {@code SKIP LOCKED}) so several engines never act on one request at once.
 */
public final class RetentionService {
  /** The actor of sweep-made events. */
  public static final Actor SWEEP = new Actor.SystemActor("retention");
  private static final int BATCH = 500;
  private static final Duration LEASE = Duration.ofMinutes(15);

  private final Database db;
  private final EngineClock clock;
  private final CustodyLog custody;
  private final RetentionRules rules;
  private final Duration grace;
  private final Ids ids;
  private final Disposer disposer;

  public RetentionService(Database db, EngineClock clock, CustodyLog custody, RetentionRules rules, Duration grace,
      Ids ids, Disposer disposer) {
    this.db = db;
    this.clock = clock;
    this.custody = custody;
    this.rules = rules;
    this.grace = grace;
    this.ids = ids;
    this.disposer = disposer;
  }

  public RetentionRules rules() {
    return rules;
  }

  private static LocalDate day(Instant t) {
    return t.atOffset(ZoneOffset.UTC).toLocalDate();
  }

  private RetentionCategory category(String name) {
    return rules.category(name).orElseThrow(() -> new EvidenceException(ErrorCode.INVALID_INPUT,
        "no retention category " + name + " in the rules " + rules.version()));
  }

  // ---- classification and facts ---------------------------------------------------------------------

  public void classify(Actor by, RequestId r, String categoryName, String reason) {
    category(categoryName);
    db.inTransaction(h -> {
      Optional<RetentionStore.Subject> s = RetentionStore.subject(h, r, true);
      s.ifPresent(subject -> requireNotDisposed(subject));
      Instant now = clock.now();
      RetentionStore.classify(h, r, categoryName, now);
      refreshDue(h, r, now);
      custody.append(h, List.of(CustodyEvents.retentionClassified(now, by, r, categoryName, rules.version(), reason)));
      return null;
    });
  }

  public void linkToCase(Actor by, RequestId r, String caseRef, String reason) {
    checkCase(caseRef);
    db.inTransaction(h -> {
      Optional<RetentionStore.Subject> s = RetentionStore.subject(h, r, true);
      s.ifPresent(RetentionService::requireNotDisposed);
      Instant now = clock.now();
      if (RetentionStore.link(h, r, caseRef, now)) {
        List<PendingEvent> events = new ArrayList<>();
        events.add(CustodyEvents.caseLinked(now, by, r, caseRef, reason));
        holdIfScheduled(h, r, now, events);
        refreshDue(h, r, now);
        custody.append(h, events);
      }
      return null;
    });
  }

  public void recordFact(Actor by, Optional<RequestId> r, Optional<String> caseRef, CaseFact fact, String reason) {
    caseRef.ifPresent(RetentionService::checkCase);
    db.inTransaction(h -> {
      Instant now = clock.now();
      List<RequestId> affected = r.map(List::of).orElseGet(() -> RetentionStore.requestsOfCase(h, caseRef.orElseThrow()));
      for (RequestId each : affected) {
        RetentionStore.subject(h, each, true).ifPresent(s -> {
          if (r.isPresent()) {
            requireNotDisposed(s);
          }
        });
      }
      RetentionStore.addFact(h, ids.next(), r, caseRef, fact.kind(), fact.on(), by.id(), now);
      for (RequestId each : affected) {
        refreshDue(h, each, now);
      }
      custody.append(h, List.of(CustodyEvents.caseFactRecorded(now, by, r, caseRef, fact.kind().name(), fact.on(),
          fact.kind() == RetentionEvent.SUBJECT_BORN, reason)));
      return null;
    });
  }

  /** Works the request's due date out again from its facts; nothing else changes. */
  private void refreshDue(Handle h, RequestId r, Instant now) {
    Optional<RetentionStore.Subject> s = RetentionStore.subject(h, r, false);
    if (s.isEmpty() || s.get().state() == RetentionState.DISPOSED) {
      return;
    }
    RetentionCalculator.Result result = evaluate(h, r, s);
    RetentionStore.setDue(h, r, result.ends(), result.governing().map(RuleDates::rule), now);
  }

  private RetentionCalculator.Result evaluate(Handle h, RequestId r, Optional<RetentionStore.Subject> s) {
    RetentionStore.RequestFacts request = RetentionStore.request(h, r)
        .orElseThrow(() -> new EvidenceException(ErrorCode.NOT_FOUND, "no such request"));
    RetentionCategory category = category(s.orElseThrow().category());
    return RetentionCalculator.evaluate(rules, category, RetentionStore.facts(h, r, request, s),
        s.flatMap(RetentionStore.Subject::retainUntil), s.flatMap(RetentionStore.Subject::lastReviewed));
  }

  // ---- explanation -------------------------------------------------------------------------------------

  public RetentionExplanation explain(Handle h, RequestId r) {
    RetentionStore.RequestFacts request = RetentionStore.request(h, r)
        .orElseThrow(() -> new EvidenceException(ErrorCode.NOT_FOUND, "no such request"));
    Optional<RetentionStore.Subject> s = RetentionStore.subject(h, r, false);
    List<RetentionExplanation.Fact> facts = RetentionStore.facts(h, r, request, s);
    List<LegalHold> holds = RetentionStore.holdsOver(h, r, true);
    if (s.isEmpty()) {
      return new RetentionExplanation(r, request.reference(), Optional.empty(), RetentionState.KEPT, facts, List.of(),
          Optional.empty(), Optional.empty(), holds);
    }
    RetentionCalculator.Result result = RetentionCalculator.evaluate(rules, category(s.get().category()), facts,
        s.get().retainUntil(), s.get().lastReviewed());
    return new RetentionExplanation(r, request.reference(), Optional.of(s.get().category()), s.get().state(), facts,
        result.rules(), result.governing(), result.ends(), holds);
  }

  // ---- holds -------------------------------------------------------------------------------------------

  /** The requests a target covers: the item's, the request itself, or every request linked to the case. */
  public List<RequestId> requestsUnder(Handle h, HoldTarget target) {
    switch (target.kind()) {
      case ITEM:
        return h.createQuery("SELECT request_id FROM evidence_item WHERE id = :i")
            .bind("i", ItemId.parse(target.id()).value())
            .map((rs, ctx) -> new RequestId(rs.getObject(1, UUID.class))).findOne()
            .map(List::of).orElseThrow(() -> new EvidenceException(ErrorCode.NOT_FOUND, "no such item"));
      case REQUEST:
        return List.of(RequestId.parse(target.id()));
      default:
        return RetentionStore.requestsOfCase(h, target.id());
    }
  }

  public List<RequestId> requestsUnder(HoldTarget target) {
    return db.read(h -> requestsUnder(h, target));
  }

  public LegalHold setHold(Actor.Officer by, HoldTarget target, String reason) {
    if (target.kind() == HoldTarget.Kind.CASE) {
      checkCase(target.id());
    }
    return db.inTransaction(h -> {
      Instant now = clock.now();
      List<RequestId> covered = requestsUnder(h, target);
      List<PendingEvent> events = new ArrayList<>();
      for (RequestId r : covered) {
        Optional<RetentionStore.Subject> s = RetentionStore.subject(h, r, true);
        if (s.isPresent() && s.get().state() == RetentionState.DISPOSING) {
          throw new EvidenceException(ErrorCode.INVALID_INPUT, "disposal of a request under this hold is under way");
        }
        if (s.isPresent() && s.get().state() == RetentionState.DISPOSED && target.kind() != HoldTarget.Kind.CASE) {
          throw new EvidenceException(ErrorCode.INVALID_INPUT, "the request was disposed of already");
        }
      }
      LegalHold hold = new LegalHold(ids.next(), target, reason, by.userId(), now, Optional.empty());
      Optional<RequestId> request = target.kind() == HoldTarget.Kind.CASE ? Optional.empty() : Optional.of(covered.get(0));
      Optional<ItemId> item = target.kind() == HoldTarget.Kind.ITEM ? Optional.of(ItemId.parse(target.id())) : Optional.empty();
      RetentionStore.insertHold(h, hold, request);
      events.add(CustodyEvents.legalHold(now, by, true, request, item, hold.id().toString(), target.kind().name(),
          target.id(), reason));
      for (RequestId r : covered) {
        holdIfScheduled(h, r, now, events);
      }
      custody.append(h, events);
      return hold;
    });
  }

  /** A scheduled disposal under a standing hold is cancelled: the request waits, held. */
  private void holdIfScheduled(Handle h, RequestId r, Instant now, List<PendingEvent> events) {
    Optional<RetentionStore.Subject> s = RetentionStore.subject(h, r, true);
    if (s.isPresent() && s.get().state() == RetentionState.DISPOSAL_SCHEDULED
        && !RetentionStore.holdsOver(h, r, true).isEmpty()) {
      RetentionStore.setState(h, r, RetentionState.HELD, now);
      events.add(CustodyEvents.disposalCancelled(now, SWEEP, r, "legal hold", Optional.empty()));
    }
  }

  public Optional<HoldTarget> holdTarget(UUID hold) {
    return db.read(h -> RetentionStore.hold(h, hold, false).map(LegalHold::target));
  }

  public void liftHold(Actor.Officer by, UUID holdId, String reason) {
    db.inTransaction(h -> {
      LegalHold hold = RetentionStore.hold(h, holdId, true)
          .orElseThrow(() -> new EvidenceException(ErrorCode.NOT_FOUND, "no such legal hold"));
      if (!hold.standing()) {
        throw new EvidenceException(ErrorCode.INVALID_INPUT, "the legal hold was lifted already");
      }
      Instant now = clock.now();
      RetentionStore.liftHold(h, holdId, by.userId(), reason, now);
      Optional<RequestId> request = RetentionStore.holdRequest(h, holdId);
      Optional<ItemId> item = hold.target().kind() == HoldTarget.Kind.ITEM ? Optional.of(ItemId.parse(hold.target().id()))
          : Optional.empty();
      for (RequestId r : requestsUnder(h, hold.target())) {
        Optional<RetentionStore.Subject> s = RetentionStore.subject(h, r, true);
        if (s.isPresent() && s.get().state() == RetentionState.HELD && RetentionStore.holdsOver(h, r, true).isEmpty()) {
          RetentionStore.setState(h, r, RetentionState.KEPT, now); // the next sweep evaluates it afresh
        }
      }
      custody.append(h, List.of(CustodyEvents.legalHold(now, by, false, request, item, holdId.toString(),
          hold.target().kind().name(), hold.target().id(), reason)));
      return null;
    });
  }

  public List<LegalHold> holds(RequestId r) {
    return db.read(h -> RetentionStore.holdsOver(h, r, false));
  }

  // ---- reviews and officers' disposal decisions -------------------------------------------------------

  public List<ReviewDue> reviewsDue(int max) {
    return db.read(h -> h.createQuery("""
            SELECT s.request_id, r.reference, s.category, s.due_rule, s.due_on FROM retention_subject s
            JOIN evidence_request r ON r.id = s.request_id
            WHERE s.state = 'REVIEW_DUE' ORDER BY s.due_on, s.request_id LIMIT :max""")
        .bind("max", max)
        .map((rs, ctx) -> new ReviewDue(new RequestId(rs.getObject(1, UUID.class)), rs.getString(2), rs.getString(3),
            Optional.ofNullable(rs.getString(4)).orElse("-"), rs.getObject(5, LocalDate.class)))
        .list());
  }

  public void retainUntil(Actor by, RequestId r, LocalDate until, String reason) {
    db.inTransaction(h -> {
      Instant now = clock.now();
      RetentionStore.Subject s = requireSubject(h, r);
      requireNotDisposed(s);
      if (!until.isAfter(day(now))) {
        throw new EvidenceException(ErrorCode.INVALID_INPUT, "retain until a day after today");
      }
      List<PendingEvent> events = new ArrayList<>();
      if (s.state() == RetentionState.DISPOSAL_SCHEDULED) {
        events.add(CustodyEvents.disposalCancelled(now, by, r, "retained on review", Optional.empty()));
      }
      RetentionStore.reviewed(h, r, day(now), Optional.of(until), now);
      events.add(CustodyEvents.reviewRecorded(now, by, r, "retain", Optional.of(until), reason));
      refreshDue(h, r, now);
      custody.append(h, events);
      return null;
    });
  }

  public void scheduleDisposal(Actor by, RequestId r, String reason) {
    db.inTransaction(h -> {
      Instant now = clock.now();
      RetentionStore.Subject s = requireSubject(h, r);
      if (s.state() != RetentionState.KEPT && s.state() != RetentionState.REVIEW_DUE) {
        throw new EvidenceException(ErrorCode.INVALID_INPUT, "disposal cannot be scheduled in state " + s.state());
      }
      if (!RetentionStore.holdsOver(h, r, true).isEmpty()) {
        throw new EvidenceException(ErrorCode.INVALID_INPUT, "a legal hold stands over the request");
      }
      RetentionCalculator.Result result = evaluate(h, r, Optional.of(s));
      String rule = mayDispose(result, day(now));
      List<PendingEvent> events = new ArrayList<>();
      if (s.state() == RetentionState.REVIEW_DUE) {
        events.add(CustodyEvents.reviewRecorded(now, by, r, "dispose", Optional.empty(), reason));
      }
      Instant after = now.plus(grace);
      RetentionStore.schedule(h, r, after, rule, by.id(), now);
      events.add(CustodyEvents.disposalScheduled(now, by, r, rule, after, Optional.of(reason)));
      custody.append(h, events);
      return null;
    });
  }

  /** The governing rule's name if the evidence may be disposed of on {@code today}; otherwise refuses with why not. */
  private static String mayDispose(RetentionCalculator.Result result, LocalDate today) {
    RuleDates governing = result.governing().orElseThrow(() -> new EvidenceException(ErrorCode.INVALID_INPUT,
        "no retention rule has started for the request: nothing may be disposed of yet"));
    if (governing.open()) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "kept with no end yet under " + governing.rule() + ": "
          + governing.note());
    }
    LocalDate ends = governing.ends().orElseThrow();
    if (ends.isAfter(today)) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "kept until " + ends + " under " + governing.rule());
    }
    return governing.rule();
  }

  public void cancelDisposal(Actor by, RequestId r, LocalDate reviewOn, String reason) {
    db.inTransaction(h -> {
      Instant now = clock.now();
      RetentionStore.Subject s = requireSubject(h, r);
      if (s.state() != RetentionState.DISPOSAL_SCHEDULED) {
        throw new EvidenceException(ErrorCode.INVALID_INPUT, "no disposal is scheduled (state " + s.state() + ")");
      }
      if (!reviewOn.isAfter(day(now))) {
        throw new EvidenceException(ErrorCode.INVALID_INPUT, "review on a day after today");
      }
      RetentionStore.reviewed(h, r, day(now), Optional.of(reviewOn), now);
      refreshDue(h, r, now);
      custody.append(h, List.of(CustodyEvents.disposalCancelled(now, by, r, "cancelled by officer", Optional.of(reason))));
      return null;
    });
  }

  private static RetentionStore.Subject requireSubject(Handle h, RequestId r) {
    return RetentionStore.subject(h, r, true).orElseThrow(() -> new EvidenceException(ErrorCode.INVALID_INPUT,
        "the request has not been classified for retention"));
  }

  private static void requireNotDisposed(RetentionStore.Subject s) {
    if (s.state() == RetentionState.DISPOSED || s.state() == RetentionState.DISPOSING) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "the request was disposed of");
    }
  }

  private static void checkCase(String caseRef) {
    new HoldTarget(HoldTarget.Kind.CASE, caseRef); // validates: one line, 1-100 characters
  }

  // ---- the sweep -----------------------------------------------------------------------------------------

  public SweepReport sweep(Instant asOf, boolean dryRun) {
    return dryRun ? plan(asOf) : run(asOf);
  }

  /** One pass over due rows in batches: each batch one transaction, each row claimed with SKIP LOCKED. */
  private SweepReport run(Instant asOf) {
    Counts c = new Counts();
    LocalDate today = day(asOf);
    while (true) {
      int n = db.inTransaction(h -> {
        List<RequestId> due = h.createQuery("""
                SELECT request_id FROM retention_subject WHERE state = 'KEPT' AND due_on <= :d
                ORDER BY due_on, request_id LIMIT :n FOR UPDATE SKIP LOCKED""")
            .bindByType("d", today, LocalDate.class).bind("n", BATCH)
            .map((rs, ctx) -> new RequestId(rs.getObject(1, UUID.class))).list();
        List<PendingEvent> events = new ArrayList<>();
        Instant now = clock.now();
        for (RequestId r : due) {
          c.evaluated++;
          Optional<RetentionStore.Subject> s = RetentionStore.subject(h, r, false);
          RetentionCalculator.Result result = evaluate(h, r, s);
          Optional<LocalDate> ends = result.ends();
          if (ends.isEmpty() || ends.get().isAfter(today)) {
            RetentionStore.setDue(h, r, ends, result.governing().map(RuleDates::rule), now); // extended meanwhile
            continue;
          }
          RuleDates governing = result.governing().orElseThrow();
          String reference = RetentionStore.request(h, r).orElseThrow().reference();
          if (governing.action() == RetentionAction.REVIEW) {
            RetentionStore.setState(h, r, RetentionState.REVIEW_DUE, now);
            events.add(CustodyEvents.reviewDue(now, SWEEP, r, governing.rule(), ends.get()));
            c.reviews++;
            c.lines.add(reference + ": review due under " + governing.rule() + " (ended " + ends.get() + ")");
          } else if (!RetentionStore.holdsOver(h, r, true).isEmpty()) {
            RetentionStore.setState(h, r, RetentionState.HELD, now);
            c.held++;
            c.lines.add(reference + ": disposal due under " + governing.rule() + " but a legal hold stands");
          } else {
            Instant dueStart = ends.get().atStartOfDay().toInstant(ZoneOffset.UTC);
            Instant after = (dueStart.isAfter(now) ? dueStart : now).plus(grace);
            RetentionStore.schedule(h, r, after, governing.rule(), SWEEP.id(), now);
            events.add(CustodyEvents.disposalScheduled(now, SWEEP, r, governing.rule(), after, Optional.empty()));
            c.scheduled++;
            c.lines.add(reference + ": disposal scheduled under " + governing.rule() + ", after " + after);
          }
        }
        custody.append(h, events);
        return due.size();
      });
      if (n < BATCH) {
        break;
      }
    }
    while (true) {
      List<RequestId> claimed = db.inTransaction(h -> claimDisposals(h, asOf, today, c));
      for (RequestId r : claimed) {
        disposer.dispose(r, asOf, rules);
        c.disposed++;
      }
      if (claimed.size() < BATCH) {
        break;
      }
    }
    return new SweepReport(asOf, false, c.evaluated, c.reviews, c.scheduled, c.disposed, c.held, c.lines);
  }

  /** Claims scheduled disposals whose grace ended (and abandoned ones), checking holds and rules once more. */
  private List<RequestId> claimDisposals(Handle h, Instant asOf, LocalDate today, Counts c) {
    Instant now = clock.now();
    List<RequestId> ready = Database.bindTime(Database.bindTime(h.createQuery("""
            SELECT request_id FROM retention_subject
            WHERE (state = 'DISPOSAL_SCHEDULED' AND dispose_after <= :asOf) OR (state = 'DISPOSING' AND lease_until < :now)
            ORDER BY request_id LIMIT :n FOR UPDATE SKIP LOCKED"""), "asOf", asOf), "now", now)
        .bind("n", BATCH)
        .map((rs, ctx) -> new RequestId(rs.getObject(1, UUID.class))).list();
    List<RequestId> claimed = new ArrayList<>();
    List<PendingEvent> events = new ArrayList<>();
    for (RequestId r : ready) {
      RetentionStore.Subject s = RetentionStore.subject(h, r, false).orElseThrow();
      String reference = RetentionStore.request(h, r).orElseThrow().reference();
      if (s.state() == RetentionState.DISPOSAL_SCHEDULED) {
        if (!RetentionStore.holdsOver(h, r, true).isEmpty()) {
          RetentionStore.setState(h, r, RetentionState.HELD, now);
          events.add(CustodyEvents.disposalCancelled(now, SWEEP, r, "legal hold", Optional.empty()));
          c.held++;
          c.lines.add(reference + ": scheduled disposal held: a legal hold stands");
          continue;
        }
        Optional<LocalDate> ends = evaluate(h, r, Optional.of(s)).ends();
        if (ends.isEmpty() || ends.get().isAfter(today)) {
          RetentionStore.setState(h, r, RetentionState.KEPT, now);
          RetentionStore.setDue(h, r, ends, Optional.empty(), now);
          refreshDue(h, r, now);
          events.add(CustodyEvents.disposalCancelled(now, SWEEP, r, "rules extended", Optional.empty()));
          c.lines.add(reference + ": scheduled disposal cancelled: a rule now keeps it longer");
          continue;
        }
      }
      RetentionStore.claimForDisposal(h, r, now.plus(LEASE), now);
      claimed.add(r);
      c.lines.add(reference + ": disposed of under " + s.scheduledRule().orElse("-"));
    }
    custody.append(h, events);
    return claimed;
  }

  /** What a sweep would do, reading only. */
  private SweepReport plan(Instant asOf) {
    Counts c = new Counts();
    LocalDate today = day(asOf);
    db.read(h -> {
      Set<RequestId> wouldSchedule = new LinkedHashSet<>();
      for (RequestId r : h.createQuery("SELECT request_id FROM retention_subject WHERE state = 'KEPT' AND due_on <= :d"
              + " ORDER BY due_on, request_id").bindByType("d", today, LocalDate.class)
          .map((rs, ctx) -> new RequestId(rs.getObject(1, UUID.class))).list()) {
        c.evaluated++;
        RetentionCalculator.Result result = evaluate(h, r, RetentionStore.subject(h, r, false));
        Optional<LocalDate> ends = result.ends();
        if (ends.isEmpty() || ends.get().isAfter(today)) {
          continue;
        }
        RuleDates governing = result.governing().orElseThrow();
        String reference = RetentionStore.request(h, r).orElseThrow().reference();
        if (governing.action() == RetentionAction.REVIEW) {
          c.reviews++;
          c.lines.add(reference + ": would come up for review under " + governing.rule());
        } else if (!RetentionStore.holdsOver(h, r, true).isEmpty()) {
          c.held++;
          c.lines.add(reference + ": disposal due under " + governing.rule() + " but a legal hold stands");
        } else {
          c.scheduled++;
          Instant dueStart = ends.get().atStartOfDay().toInstant(ZoneOffset.UTC);
          Instant now = clock.now();
          if (!(dueStart.isAfter(now) ? dueStart : now).plus(grace).isAfter(asOf)) {
            wouldSchedule.add(r);
          }
          c.lines.add(reference + ": disposal would be scheduled under " + governing.rule());
        }
      }
      for (RequestId r : Database.bindTime(h.createQuery("""
              SELECT request_id FROM retention_subject WHERE (state = 'DISPOSAL_SCHEDULED' AND dispose_after <= :asOf)
              OR state = 'DISPOSING' ORDER BY request_id"""), "asOf", asOf)
          .map((rs, ctx) -> new RequestId(rs.getObject(1, UUID.class))).list()) {
        wouldSchedule.add(r);
      }
      for (RequestId r : wouldSchedule) {
        if (RetentionStore.holdsOver(h, r, true).isEmpty()) {
          c.disposed++;
          c.lines.add(RetentionStore.request(h, r).orElseThrow().reference() + ": would be disposed of");
        }
      }
      return null;
    });
    return new SweepReport(asOf, true, c.evaluated, c.reviews, c.scheduled, c.disposed, c.held, c.lines);
  }

  private static final class Counts {
    int evaluated;
    int reviews;
    int scheduled;
    int disposed;
    int held;
    final List<String> lines = new ArrayList<>();
  }
}
