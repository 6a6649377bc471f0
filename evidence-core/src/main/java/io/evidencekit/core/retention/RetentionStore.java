package io.evidencekit.core.retention;

import io.evidencekit.api.RequestId;
import io.evidencekit.api.retention.HoldTarget;
import io.evidencekit.api.retention.LegalHold;
import io.evidencekit.api.retention.RetentionEvent;
import io.evidencekit.api.retention.RetentionExplanation.Fact;
import io.evidencekit.api.retention.RetentionState;
import io.evidencekit.core.internal.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** The retention tables (V8): subjects, case links, facts and legal holds. Stateless; every call runs in the caller's transaction. */
final class RetentionStore {
  /** A request's retention row. */
  record Subject(RequestId request, String category, RetentionState state, Optional<LocalDate> dueOn,
      Optional<LocalDate> lastReviewed, Optional<LocalDate> retainUntil, Optional<Instant> disposeAfter,
      Optional<String> scheduledRule, Optional<String> scheduledBy) {}

  /** What the engine knows of a request itself. */
  record RequestFacts(String reference, Instant createdAt, Optional<Instant> lastReceived) {}

  private RetentionStore() {}

  static Optional<Subject> subject(Handle h, RequestId r, boolean lock) {
    return h.createQuery("SELECT * FROM retention_subject WHERE request_id = :r" + (lock ? " FOR UPDATE" : ""))
        .bind("r", r.value())
        .map((rs, ctx) -> subjectOf(rs))
        .findOne();
  }

  private static Subject subjectOf(ResultSet rs) throws SQLException {
    return new Subject(new RequestId(rs.getObject("request_id", UUID.class)), rs.getString("category"),
        RetentionState.valueOf(rs.getString("state")), date(rs, "due_on"), date(rs, "last_reviewed"),
        date(rs, "retain_until"), instant(rs, "dispose_after"), Optional.ofNullable(rs.getString("scheduled_rule")),
        Optional.ofNullable(rs.getString("scheduled_by")));
  }

  static Optional<RequestFacts> request(Handle h, RequestId r) {
    return h.createQuery("""
            SELECT r.reference, r.created_at, (SELECT MAX(i.received_at) FROM evidence_item i WHERE i.request_id = r.id) AS last
            FROM evidence_request r WHERE r.id = :r""")
        .bind("r", r.value())
        .map((rs, ctx) -> new RequestFacts(rs.getString("reference"), instant(rs, "created_at").orElseThrow(),
            instant(rs, "last")))
        .findOne();
  }

  static void classify(Handle h, RequestId r, String category, Instant now) {
    int updated = Database.bindTime(h.createUpdate(
        "UPDATE retention_subject SET category = :c, updated_at = :now WHERE request_id = :r"), "now", now)
        .bind("c", category).bind("r", r.value()).execute();
    if (updated == 0) {
      Database.bindTime(h.createUpdate("""
              INSERT INTO retention_subject (request_id, category, state, updated_at) VALUES (:r, :c, 'KEPT', :now)"""),
          "now", now).bind("c", category).bind("r", r.value()).execute();
    }
  }

  static void setDue(Handle h, RequestId r, Optional<LocalDate> due, Optional<String> rule, Instant now) {
    Database.bindTime(h.createUpdate(
        "UPDATE retention_subject SET due_on = :d, due_rule = :rule, updated_at = :now WHERE request_id = :r"), "now", now)
        .bindByType("d", due.orElse(null), LocalDate.class)
        .bindByType("rule", rule.orElse(null), String.class)
        .bind("r", r.value()).execute();
  }

  static void setState(Handle h, RequestId r, RetentionState state, Instant now) {
    Database.bindTime(h.createUpdate(
        "UPDATE retention_subject SET state = :s, updated_at = :now WHERE request_id = :r"), "now", now)
        .bind("s", state.name()).bind("r", r.value()).execute();
  }

  static void schedule(Handle h, RequestId r, Instant disposeAfter, String rule, String by, Instant now) {
    Database.bindTime(Database.bindTime(h.createUpdate("""
            UPDATE retention_subject SET state = 'DISPOSAL_SCHEDULED', dispose_after = :after, scheduled_rule = :rule,
              scheduled_by = :by, updated_at = :now WHERE request_id = :r"""), "now", now), "after", disposeAfter)
        .bind("rule", rule).bind("by", by).bind("r", r.value()).execute();
  }

  static void reviewed(Handle h, RequestId r, LocalDate on, Optional<LocalDate> retainUntil, Instant now) {
    Database.bindTime(h.createUpdate("""
            UPDATE retention_subject SET last_reviewed = :on, retain_until = :until, state = 'KEPT',
              dispose_after = NULL, scheduled_rule = NULL, scheduled_by = NULL, updated_at = :now WHERE request_id = :r"""),
        "now", now)
        .bindByType("on", on, LocalDate.class)
        .bindByType("until", retainUntil.orElse(null), LocalDate.class)
        .bind("r", r.value()).execute();
  }

  static void claimForDisposal(Handle h, RequestId r, Instant leaseUntil, Instant now) {
    Database.bindTime(Database.bindTime(h.createUpdate(
        "UPDATE retention_subject SET state = 'DISPOSING', lease_until = :lease, updated_at = :now WHERE request_id = :r"),
        "now", now), "lease", leaseUntil).bind("r", r.value()).execute();
  }

  static List<String> cases(Handle h, RequestId r) {
    return h.createQuery("SELECT case_ref FROM retention_case_link WHERE request_id = :r ORDER BY case_ref")
        .bind("r", r.value()).mapTo(String.class).list();
  }

  static List<RequestId> requestsOfCase(Handle h, String caseRef) {
    return h.createQuery("SELECT request_id FROM retention_case_link WHERE case_ref = :c ORDER BY request_id")
        .bind("c", caseRef).map((rs, ctx) -> new RequestId(rs.getObject(1, UUID.class))).list();
  }

  static boolean link(Handle h, RequestId r, String caseRef, Instant now) {
    boolean exists = h.createQuery("SELECT COUNT(*) FROM retention_case_link WHERE request_id = :r AND case_ref = :c")
        .bind("r", r.value()).bind("c", caseRef).mapTo(Integer.class).one() > 0;
    if (!exists) {
      Database.bindTime(h.createUpdate(
          "INSERT INTO retention_case_link (request_id, case_ref, linked_at) VALUES (:r, :c, :now)"), "now", now)
          .bind("r", r.value()).bind("c", caseRef).execute();
    }
    return !exists;
  }

  static void addFact(Handle h, UUID id, Optional<RequestId> r, Optional<String> caseRef, RetentionEvent kind,
      LocalDate on, String by, Instant now) {
    org.jdbi.v3.core.statement.Update update = Database.bindTime(h.createUpdate("""
            INSERT INTO retention_fact (id, request_id, case_ref, kind, on_date, recorded_at, recorded_by)
            VALUES (:id, :r, :c, :k, :on, :now, :by)"""), "now", now)
        .bind("id", id)
        .bindByType("c", caseRef.orElse(null), String.class)
        .bind("k", kind.name())
        .bindByType("on", on, LocalDate.class)
        .bind("by", by);
    bindUuid(update, "r", r.map(RequestId::value));
    update.execute();
  }

  /** Binds an optional UUID; a missing one as a NULL PostgreSQL accepts in a uuid column. */
  private static void bindUuid(org.jdbi.v3.core.statement.Update update, String name, Optional<UUID> value) {
    if (value.isPresent()) {
      update.bind(name, value.get());
    } else {
      update.bindNull(name, java.sql.Types.OTHER);
    }
  }

  /** The request's own facts, its cases' facts, and the engine's: received (or created) and reviewed. */
  static List<Fact> facts(Handle h, RequestId r, RequestFacts request, Optional<Subject> subject) {
    List<Fact> facts = new ArrayList<>();
    Instant received = request.lastReceived().orElse(request.createdAt());
    facts.add(new Fact(RetentionEvent.RECEIVED, received.atOffset(ZoneOffset.UTC).toLocalDate(),
        request.lastReceived().isPresent() ? "latest item received" : "request created (nothing received)"));
    subject.flatMap(Subject::lastReviewed).ifPresent(d -> facts.add(new Fact(RetentionEvent.REVIEWED, d, "review")));
    facts.addAll(h.createQuery("""
            SELECT kind, on_date, 'request' AS src FROM retention_fact WHERE request_id = :r
            UNION ALL
            SELECT f.kind, f.on_date, 'case ' || f.case_ref AS src FROM retention_fact f
              JOIN retention_case_link l ON l.case_ref = f.case_ref WHERE l.request_id = :r
            ORDER BY on_date, kind""")
        .bind("r", r.value())
        .map((rs, ctx) -> new Fact(RetentionEvent.valueOf(rs.getString("kind")), rs.getObject("on_date", LocalDate.class),
            rs.getString("src")))
        .list());
    return facts;
  }

  static void insertHold(Handle h, LegalHold hold, Optional<RequestId> r) {
    org.jdbi.v3.core.statement.Update update = Database.bindTime(h.createUpdate("""
            INSERT INTO legal_hold (id, target_kind, target, request_id, reason, set_by, set_at)
            VALUES (:id, :k, :t, :r, :reason, :by, :at)"""), "at", hold.setAt())
        .bind("id", hold.id()).bind("k", hold.target().kind().name()).bind("t", hold.target().id())
        .bind("reason", hold.reason()).bind("by", hold.setBy());
    bindUuid(update, "r", r.map(RequestId::value));
    update.execute();
  }

  private static final String HOLD_COLUMNS = "h.id, h.target_kind, h.target, h.reason, h.set_by, h.set_at, h.lifted_at";

  static Optional<LegalHold> hold(Handle h, UUID id, boolean lock) {
    return h.createQuery("SELECT " + HOLD_COLUMNS + ", h.request_id FROM legal_hold h WHERE h.id = :id"
            + (lock ? " FOR UPDATE" : ""))
        .bind("id", id).map((rs, ctx) -> holdOf(rs)).findOne();
  }

  static Optional<RequestId> holdRequest(Handle h, UUID id) {
    return h.createQuery("SELECT request_id FROM legal_hold WHERE id = :id").bind("id", id)
        .map((rs, ctx) -> Optional.ofNullable(rs.getObject(1, UUID.class)).map(RequestId::new)).findOne()
        .flatMap(o -> o);
  }

  static void liftHold(Handle h, UUID id, String by, String reason, Instant now) {
    Database.bindTime(h.createUpdate("""
            UPDATE legal_hold SET lifted_by = :by, lifted_at = :now, lift_reason = :reason WHERE id = :id"""), "now", now)
        .bind("by", by).bind("reason", reason).bind("id", id).execute();
  }

  /** Every hold over the request, its items, or its cases; standing ones only if {@code standingOnly}. */
  static List<LegalHold> holdsOver(Handle h, RequestId r, boolean standingOnly) {
    return h.createQuery("SELECT " + HOLD_COLUMNS + " FROM legal_hold h WHERE (h.request_id = :r OR (h.target_kind = 'CASE'"
            + " AND h.target IN (SELECT case_ref FROM retention_case_link WHERE request_id = :r)))"
            + (standingOnly ? " AND h.lifted_at IS NULL" : "") + " ORDER BY h.lifted_at DESC NULLS FIRST, h.set_at")
        .bind("r", r.value()).map((rs, ctx) -> holdOf(rs)).list();
  }

  private static LegalHold holdOf(ResultSet rs) throws SQLException {
    return new LegalHold(rs.getObject("id", UUID.class),
        new HoldTarget(HoldTarget.Kind.valueOf(rs.getString("target_kind")), rs.getString("target")),
        rs.getString("reason"), rs.getString("set_by"), instant(rs, "set_at").orElseThrow(), instant(rs, "lifted_at"));
  }

  static Optional<LocalDate> date(ResultSet rs, String column) throws SQLException {
    return Optional.ofNullable(rs.getObject(column, LocalDate.class));
  }

  static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
    return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
  }
}
