package io.evidencekit.core.notify;

import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.ErrorCode;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evidencekit.api.Actor;
import io.evidencekit.api.ContactPoint;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.ForceReference;
import io.evidencekit.api.PhoneNumber;
import io.evidencekit.api.RequestId;
import io.evidencekit.core.custody.CustodyEvents;
import io.evidencekit.core.custody.CustodyLog;
import io.evidencekit.core.custody.PendingEvent;
import io.evidencekit.core.internal.Database;
import io.evidencekit.core.internal.EngineClock;
import io.evidencekit.core.internal.Rows;
import io.evidencekit.spi.Channel;
import io.evidencekit.spi.DeliveryReport;
import io.evidencekit.spi.InvitationNotice;
import io.evidencekit.spi.Notification;
import io.evidencekit.spi.Notifier;
import io.evidencekit.spi.SubmissionNotice;
import io.evidencekit.spi.DetectionNotice;
import io.evidencekit.api.ScanState;
import io.evidencekit.api.Sha256;
import io.evidencekit.core.scan.ScanResults;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers due outbox messages. A message is claimed with a short lease, so several engines on one
 * database never send it at the same time; the notifier is called outside any transaction, and the
 * outcome (delivered, retry later, rejected, given up) is recorded with its custody event in one
 * transaction. At-least-once: a crash between sending and recording sends the message again, with
 * the same message id so recipients can tell (GOV.UK Notify's notifier looks it up and does not send twice).
 *
 * <p>A failure that may pass is retried with backoff and counts as an attempt. Two answers describe the
 * notifier rather than the message and count against no message: a backend's request to slow down
 * ({@link DeliveryReport#retryAfter()}) holds every channel that notifier carries until then, and a
 * configuration problem ({@link DeliveryReport#misconfigured()}) holds them for a probe interval at a
 * time, is logged at ERROR once per episode, and ends when a message on the channel is accepted. Holds
 * are in the database ({@link DeliveryHolds}), so every engine respects them.
 *
 * <p>When a message is accepted the backend's id for it is kept and its status is followed
 * ({@link StatusPoller}, {@link DeliveryTracker}); an invitation's sealed token is kept until that status
 * is final, so a temporary or technical failure can be sent again. Thread-safe; one pass runs at a time
 * per worker.
 */
public final class OutboxWorker {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxWorker.class);
  private static final Actor ACTOR = new Actor.SystemActor("outbox");
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final int BATCH = 50;
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final Database db;
  private final EngineClock clock;
  private final CustodyLog custody;
  private final ObjectMapper json;
  private final SecretSealer sealer;
  private final Notifiers notifiers;
  private final DeliveryHolds holds;
  private final DeliveryPolicy policy;
  private final Random jitter;
  private final URI linkBase;
  private final ReentrantLock running = new ReentrantLock();
  private final boolean scanning;
  private volatile boolean inspecting;
  private volatile io.evidencekit.core.ingest.@org.jspecify.annotations.Nullable SubmissionStore submissions;

  public OutboxWorker(Database db, EngineClock clock, CustodyLog custody, ObjectMapper json, SecretSealer sealer,
      Notifiers notifiers, DeliveryHolds holds, DeliveryPolicy policy, Random jitter, URI linkBase) {
    this(db, clock, custody, json, sealer, notifiers, holds, policy, jitter, linkBase, false);
  }

  /** @param scanning whether the engine scans: submission notices then count files by scan state */
  public OutboxWorker(Database db, EngineClock clock, CustodyLog custody, ObjectMapper json, SecretSealer sealer,
      Notifiers notifiers, DeliveryHolds holds, DeliveryPolicy policy, Random jitter, URI linkBase, boolean scanning) {
    this.scanning = scanning;
    this.db = db;
    this.clock = clock;
    this.custody = custody;
    this.json = json;
    this.sealer = sealer;
    this.notifiers = notifiers;
    this.holds = holds;
    this.policy = policy;
    this.jitter = jitter;
    this.linkBase = linkBase;
  }

  /** One pass over the due messages; returns how many were delivered. Skips if a pass is already running. */
  public int deliverDue() {
    if (!running.tryLock()) {
      return 0;
    }
    try {
      int delivered = 0;
      Set<Channel> held = holds.heldAt(clock.now());
      for (Due due : dueIds()) {
        if (held.contains(due.channel())) {
          continue;
        }
        Optional<Row> row = claim(due.id());
        if (row.isPresent() && attempt(row.get(), held)) {
          delivered++;
        }
      }
      return delivered;
    } finally {
      running.unlock();
    }
  }

  /** Messages still waiting to be delivered (pending or retrying). */
  public int pendingCount() {
    return db.read(h -> h.createQuery("SELECT COUNT(*) FROM outbox WHERE state = 'PENDING'").mapTo(Integer.class).one());
  }

  private record Due(UUID id, Channel channel) {}

  private List<Due> dueIds() {
    Instant now = clock.now();
    return db.read(h -> Database.bindTime(h.createQuery("""
            SELECT id, channel FROM outbox WHERE state = 'PENDING' AND next_attempt_at <= :now
              AND (lease_until IS NULL OR lease_until < :now)
            ORDER BY next_attempt_at LIMIT :limit"""), "now", now)
        .bind("limit", BATCH)
        .map((rs, ctx) -> new Due(Rows.uuid(rs, "id"), Channel.valueOf(rs.getString("channel"))))
        .list());
  }

  private record Row(UUID id, String kind, RequestId request, Optional<UUID> invitation, Map<String, Object> payload,
                     byte[] sealed, int attempts, Instant createdAt, Channel channel, Instant since,
                     Optional<UUID> submission) {}

  private Optional<Row> claim(UUID id) {
    Instant now = clock.now();
    return db.inTransaction(h -> {
      int claimed = Database.bindTime(Database.bindTime(h.createUpdate("""
                  UPDATE outbox SET lease_until = :lease WHERE id = :id AND state = 'PENDING'
                    AND (lease_until IS NULL OR lease_until < :now)"""), "lease", now.plus(LEASE)), "now", now)
          .bind("id", id)
          .execute();
      if (claimed == 0) {
        return Optional.empty();
      }
      return h.createQuery("SELECT * FROM outbox WHERE id = :id").bind("id", id)
          .map((rs, ctx) -> {
            try {
              return new Row(id, rs.getString("kind"), new RequestId(Rows.uuid(rs, "request_id")),
                  Rows.optionalUuid(rs, "invitation_id"), json.readValue(rs.getString("payload"), MAP),
                  rs.getBytes("sealed_secret"), rs.getInt("attempts"), Rows.instant(rs, "created_at"),
                  Channel.valueOf(rs.getString("channel")),
                  Rows.optionalInstant(rs, "resent_at").orElse(Rows.instant(rs, "created_at")),
                  Rows.optionalUuid(rs, "submission_id"));
            } catch (IOException e) {
              throw new EvidenceException(ErrorCode.INTERNAL, "unreadable outbox payload", e);
            }
          })
          .findOne();
    });
  }

  /** Sends one claimed message; {@code held} gains the channels a hold began on, so the pass skips them. */
  private boolean attempt(Row row, Set<Channel> held) {
    Optional<String> cancelled = cancellation(row);
    if (cancelled.isPresent()) {
      finish(row, "CANCELLED", cancelled.get(), Optional.empty());
      return false;
    }
    Optional<Notification> notification = notification(row);
    if (notification.isEmpty()) {
      finish(row, "ABANDONED", "the link's token is no longer available; re-issue the invitation",
          Optional.of(failedAction(row)));
      return false;
    }
    Optional<Notifier> notifier = notifiers.forChannel(notification.get().channel());
    DeliveryReport report;
    if (notifier.isEmpty()) {
      report = DeliveryReport.rejected("no notifier for channel " + notification.get().channel());
    } else {
      try {
        report = notifier.get().send(notification.get());
      } catch (RuntimeException e) {
        report = DeliveryReport.retry("notifier failed: " + e.getClass().getSimpleName());
      }
    }
    switch (report.outcome()) {
      case DELIVERED -> {
        delivered(row, report, notifier.map(Notifier::reportsDeliveryStatus).orElse(false));
        return true;
      }
      case REJECTED -> finish(row, "REJECTED", report.detail(), Optional.of(failedAction(row)));
      case RETRY -> {
        if (notifier.isPresent() && report.retryAfter().isPresent()) {
          holdBack(row, notifier.get(), false, report.retryAfter().get(), report.detail(), held);
        } else if (notifier.isPresent() && report.misconfigured()) {
          holdBack(row, notifier.get(), true, policy.maxDelay(), report.detail(), held);
        } else {
          retry(row, report.detail());
        }
      }
    }
    return false;
  }

  /**
   * The notifier asked to slow down, or is misconfigured: hold every channel it carries and put the
   * message back for then, its attempts unchanged and no give-up counted.
   */
  private void holdBack(Row row, Notifier notifier, boolean misconfigured, Duration wait, String detail,
      Set<Channel> held) {
    Instant now = clock.now();
    Instant until = now.plus(wait);
    Set<Channel> channels = notifiers.carriedBy(notifier);
    channels.add(row.channel());
    Set<Channel> began = holds.hold(channels, misconfigured, until, truncate(detail), now);
    held.addAll(channels);
    db.inTransaction(h -> Database.bindTime(Database.bindTime(h.createUpdate("""
                UPDATE outbox SET next_attempt_at = :next, lease_until = NULL, last_detail = :detail,
                  updated_at = :now WHERE id = :id"""), "next", until), "now", now)
        .bind("detail", truncate(detail))
        .bind("id", row.id())
        .execute());
    if (!began.isEmpty()) {
      LOG.error("notifier for {} is misconfigured, so no message goes out on it until an operator fixes it: {}; "
          + "messages wait (nothing is failed for it) and the engine tries again every {}", began, detail, policy.maxDelay());
    } else if (!misconfigured) {
      LOG.info("notifier for {} asked to slow down: holding messages until {} ({})", channels, until, detail);
    }
  }

  /** Accepted: recorded with the backend's id; its status followed if the notifier reports one. */
  private void delivered(Row row, DeliveryReport report, boolean reportsStatus) {
    Instant now = clock.now();
    Optional<String> providerId = report.providerMessageId().map(OutboxWorker::truncateId);
    boolean follow = providerId.isPresent() && reportsStatus;
    // An invitation's sealed token stays until its delivery status is final, so a failure can be resent.
    boolean keepSecret = follow && row.kind().equals(Outbox.INVITATION);
    boolean recovered = db.inTransaction(h -> {
      Database.bindTime(Database.bindTime(h.createUpdate("""
                  UPDATE outbox SET state = 'DELIVERED', attempts = attempts + 1,
                    sealed_secret = CASE WHEN :keep THEN sealed_secret ELSE NULL END,
                    lease_until = NULL, last_detail = :detail, completed_at = :now, updated_at = :now,
                    provider_message_id = :provider, delivery_status = NULL, provider_status = NULL,
                    status_at = NULL, status_version = status_version + 1, status_checks = 0,
                    next_status_check_at = :check
                  WHERE id = :id"""), "now", now), "check", follow ? now.plus(StatusPoller.FIRST_CHECK) : null)
          .bind("keep", keepSecret)
          .bind("detail", truncate(report.detail()))
          .bindByType("provider", providerId.orElse(null), String.class)
          .bind("id", row.id())
          .execute();
      custody.append(h, List.of(event(row, deliveredAction(row), "DELIVERED", report.detail(),
          providerId.orElse(""), row.channel(), now)));
      return holds.clear(h, row.channel());
    });
    if (recovered) {
      LOG.info("notifier for {} works again: a message was accepted", row.channel());
    }
  }

  private Optional<String> cancellation(Row row) {
    if (row.invitation().isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.now();
    return db.read(h -> Database.bindTime(h.createQuery(
                "SELECT COUNT(*) FROM invitation WHERE id = :id AND state = 'ACTIVE' AND expires_at > :now"), "now", now)
            .bind("id", row.invitation().get())
            .mapTo(Integer.class)
            .one()) == 0
        ? Optional.of("the invitation is no longer active")
        : Optional.empty();
  }

  private Optional<Notification> notification(Row row) {
    Map<String, Object> p = row.payload();
    ForceReference reference = new ForceReference((String) p.get("reference"));
    String to = (String) p.get("to");
    ContactPoint contact = to.startsWith("+") ? new PhoneNumber(to) : new EmailAddress(to);
    if (row.kind().equals(Outbox.INVITATION)) {
      if (row.sealed() == null) {
        return Optional.empty();
      }
      return sealer.open(row.id(), row.sealed()).map(token -> new InvitationNotice(row.id(), reference, contact,
          (String) p.get("recipientName"), (String) p.get("officerName"), URI.create(linkBase + token),
          Duration.ofSeconds(((Number) p.get("validitySeconds")).longValue()),
          Instant.parse((String) p.get("expiresAt")), (String) p.get("description")));
    }
    Optional<URI> caseLink = Optional.ofNullable((String) p.get("caseLink")).map(URI::create);
    if (row.kind().equals(Outbox.DETECTION)) {
      @SuppressWarnings("unchecked")
      List<String> signatures = (List<String>) p.get("signatures");
      return Optional.of(new DetectionNotice(row.id(), reference, contact, (String) p.get("officerName"),
          (String) p.get("fileName"), new Sha256((String) p.get("sha256")), signatures,
          Instant.parse((String) p.get("detectedAt")), caseLink));
    }
    return Optional.of(new SubmissionNotice(row.id(), reference, contact, (String) p.get("officerName"),
        (String) p.get("submitterName"), ((Number) p.get("fileCount")).intValue(),
        ((Number) p.get("totalBytes")).longValue(), Optional.ofNullable((String) p.get("caption")),
        Instant.parse((String) p.get("submittedAt")), caseLink, scanCounts(row), media(row)));
  }

  /** What the media inspector found in the submission's files now, when the engine inspects media. */
  private Optional<SubmissionNotice.MediaSummary> media(Row row) {
    var store = submissions;
    if (!inspecting || store == null || row.submission().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(db.read(h -> {
      var submission = new io.evidencekit.api.SubmissionId(row.submission().get());
      var files = store.items(h, submission).stream()
          .map(stored -> io.evidencekit.core.media.MediaResults.of(h, stored)).toList();
      var windows = files.isEmpty() ? java.util.List.<io.evidencekit.api.TimeWindow>of()
          : io.evidencekit.core.media.RequestWindows.forRequest(h, files.get(0).requestId());
      return new SubmissionNotice.MediaSummary(files, windows);
    }));
  }

  /**
   * Media facts go into submission notices from now on (the engine has a media inspector); called once,
   * while the engine is wired, before any delivery.
   */
  public void includeMedia(io.evidencekit.core.ingest.SubmissionStore store) {
    this.submissions = store;
    this.inspecting = true;
  }

  /** The submission's files by scan state now, when the engine scans. */
  private Optional<SubmissionNotice.ScanCounts> scanCounts(Row row) {
    if (!scanning || row.submission().isEmpty()) {
      return Optional.empty();
    }
    Map<ScanState, Integer> counts = db.read(h -> ScanResults.counts(h, row.submission().get()));
    return Optional.of(new SubmissionNotice.ScanCounts(counts.get(ScanState.CLEAN), counts.get(ScanState.INFECTED),
        counts.get(ScanState.PENDING) + counts.get(ScanState.COULD_NOT_SCAN)));
  }

  private void retry(Row row, String detail) {
    Instant now = clock.now();
    int failures = row.attempts() + 1;
    // Measured from the message's first send, or from its resend after a failure the backend reported.
    if (Duration.between(row.since(), now).compareTo(policy.giveUpAfter()) >= 0) {
      finish(row, "GAVE_UP", "gave up after " + failures + " attempts: " + detail, Optional.of(failedAction(row)));
      return;
    }
    double j;
    synchronized (jitter) {
      j = jitter.nextDouble();
    }
    Instant next = now.plus(policy.delayAfter(failures, j));
    LOG.info("outbox message {} not delivered (attempt {}): {}; next attempt at {}", row.id(), failures, detail, next);
    db.inTransaction(h -> Database.bindTime(Database.bindTime(h.createUpdate("""
                UPDATE outbox SET attempts = :attempts, next_attempt_at = :next, lease_until = NULL,
                  last_detail = :detail, updated_at = :now WHERE id = :id"""), "next", next), "now", now)
        .bind("attempts", failures)
        .bind("detail", truncate(detail))
        .bind("id", row.id())
        .execute());
  }

  private void finish(Row row, String state, String detail, Optional<CustodyAction> action) {
    Instant now = clock.now();
    db.inTransaction(h -> {
      // The sealed token is erased with the message's completion: it is never at rest longer than needed.
      Database.bindTime(h.createUpdate("""
                  UPDATE outbox SET state = :state, attempts = attempts + 1, sealed_secret = NULL,
                    lease_until = NULL, last_detail = :detail, completed_at = :now, updated_at = :now,
                    next_status_check_at = NULL WHERE id = :id"""), "now", now)
          .bind("state", state)
          .bind("detail", truncate(detail))
          .bind("id", row.id())
          .execute();
      action.ifPresent(a -> custody.append(h, List.of(event(row, a, state, detail, "", row.channel(), now))));
      return null;
    });
  }

  private PendingEvent event(Row row, CustodyAction action, String state, String detail, String providerId,
      Channel channel, Instant now) {
    return CustodyEvents.delivery(now, ACTOR, action, row.request(), new CustodyEvents.Delivery(row.id().toString(),
        state, truncate(detail), row.attempts() + 1, Optional.of(channel).map(Channel::name),
        Optional.of(providerId).filter(p -> !p.isEmpty()).map(OutboxWorker::truncate),
        row.invitation().map(Object::toString)));
  }

  private static CustodyAction deliveredAction(Row row) {
    return row.kind().equals(Outbox.INVITATION) ? CustodyAction.INVITATION_SENT : CustodyAction.OFFICER_NOTIFIED;
  }

  private static CustodyAction failedAction(Row row) {
    return row.kind().equals(Outbox.INVITATION)
        ? CustodyAction.INVITATION_DELIVERY_FAILED : CustodyAction.OFFICER_NOTIFICATION_FAILED;
  }

  static String truncate(String s) {
    return s.length() <= 400 ? s : s.substring(0, 400);
  }

  /** The backend's id, kept whole when it fits the column (ids are short; an absurd one is cut, not refused). */
  private static String truncateId(String s) {
    return s.length() <= 100 ? s : s.substring(0, 100);
  }
}
