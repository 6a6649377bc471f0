package io.evidencekit.core.notify;

import io.evidencekit.api.Actor;
import io.evidencekit.api.Delivery;
import io.evidencekit.api.DeliveryState;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.InvitationId;
import io.evidencekit.api.RequestId;
import io.evidencekit.core.custody.CustodyEvents;
import io.evidencekit.core.custody.CustodyLog;
import io.evidencekit.core.internal.Database;
import io.evidencekit.core.internal.EngineClock;
import io.evidencekit.core.internal.Rows;
import io.evidencekit.spi.Channel;
import io.evidencekit.spi.DeliveryStatus;
import io.evidencekit.spi.DeliveryUpdate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what a backend says about messages it accepted, from its delivery receipts and from status
 * checks alike: each change of status is one {@code DELIVERY_STATUS_CHANGED} custody event, recorded in the
 * same transaction as the message's new status and only against the status version it read, so a receipt
 * repeated, or racing a status check, records nothing new. A status older than the one recorded (a final
 * one, or {@code SENDING} after {@code QUEUED}) is ignored. A temporary or technical failure of a message
 * that can still go out is put back in the outbox to be sent again (at most {@link #MAX_RESENDS} times);
 * a permanent failure stays as it is, for the officer to see ({@link #forRequest}).
 *
 * <p>Thread-safe: all state is in the database.
 */
public final class DeliveryTracker {
  /** How often a message is sent again after failures the backend reported (the first send is not one). */
  static final int MAX_RESENDS = 2;
  private static final Actor ACTOR = new Actor.SystemActor("delivery-status");
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryTracker.class);

  private final Database db;
  private final EngineClock clock;
  private final CustodyLog custody;
  private final DeliveryPolicy policy;

  public DeliveryTracker(Database db, EngineClock clock, CustodyLog custody, DeliveryPolicy policy) {
    this.db = db;
    this.clock = clock;
    this.custody = custody;
    this.policy = policy;
  }

  private record Tracked(UUID id, String kind, RequestId request, Optional<UUID> invitation, Channel channel,
                         String state, Optional<DeliveryStatus> status, int version, int resends, boolean hasSecret) {}

  /**
   * Records {@code update} if it is news; returns whether it was. {@code via} says how it came
   * ({@link CustodyEvents#VIA_RECEIPT} or {@link CustodyEvents#VIA_POLL}).
   *
   * @throws EvidenceException {@code NOTIFICATION_FAILED} when the update is about a message of ours whose
   *     acceptance is not recorded yet (a receipt that overtook the send's answer): the sender should try
   *     again later
   */
  public boolean record(DeliveryUpdate update, String via) {
    Outcome outcome = db.inTransaction(h -> recordIn(h, update, via));
    if (outcome == Outcome.NOT_YET) {
      throw new EvidenceException(ErrorCode.NOTIFICATION_FAILED,
          "a status for a message whose acceptance is not recorded yet; send it again later");
    }
    if (outcome == Outcome.UNKNOWN) {
      LOG.debug("delivery status for a message this engine does not know ({}): ignored", update.providerMessageId());
    }
    return outcome == Outcome.RECORDED;
  }

  private enum Outcome { RECORDED, NOT_NEWS, UNKNOWN, NOT_YET }

  private Outcome recordIn(Handle h, DeliveryUpdate update, String via) {
    Optional<Tracked> found = h.createQuery("SELECT * FROM outbox WHERE provider_message_id = :p")
        .bind("p", update.providerMessageId())
        .map((rs, ctx) -> tracked(rs))
        .findFirst();
    if (found.isEmpty()) {
      boolean ours = update.messageId().isPresent() && h.createQuery(
              "SELECT COUNT(*) FROM outbox WHERE id = :id AND state = 'PENDING' AND provider_message_id IS NULL")
          .bind("id", update.messageId().get()).mapTo(Integer.class).one() > 0;
      return ours ? Outcome.NOT_YET : Outcome.UNKNOWN;
    }
    Tracked t = found.get();
    if (update.channel().isPresent() && update.channel().get() != t.channel()) {
      return Outcome.UNKNOWN;
    }
    if (!isNews(t.status(), update.status())) {
      return Outcome.NOT_NEWS;
    }
    Instant now = clock.now();
    Optional<String> next = Optional.empty();
    boolean resend = false;
    if (update.status().isFailure()) {
      next = Optional.of(whatNext(h, t, update.status(), now));
      resend = next.get().equals(CustodyEvents.NEXT_RESEND);
    }
    boolean finalNow = update.status().isFinal();
    Instant retryAt = now.plus(policy.delayAfter(t.resends() + 1, 0.5));
    int changed = Database.bindTime(Database.bindTime(Database.bindTime(h.createUpdate("""
                UPDATE outbox SET delivery_status = :status, provider_status = :providerStatus, status_at = :at,
                  status_version = status_version + 1, updated_at = :now,
                  next_status_check_at = CASE WHEN :final THEN NULL ELSE next_status_check_at END,
                  sealed_secret = CASE WHEN :final AND NOT :resend THEN NULL ELSE sealed_secret END,
                  state = CASE WHEN :resend THEN 'PENDING' ELSE state END,
                  resends = CASE WHEN :resend THEN resends + 1 ELSE resends END,
                  resent_at = CASE WHEN :resend THEN :now ELSE resent_at END,
                  next_attempt_at = CASE WHEN :resend THEN :retryAt ELSE next_attempt_at END,
                  lease_until = CASE WHEN :resend THEN NULL ELSE lease_until END
                WHERE id = :id AND status_version = :version"""), "at", update.at()), "now", now), "retryAt", retryAt)
        .bind("status", update.status().name())
        .bind("providerStatus", update.providerStatus())
        .bind("final", finalNow)
        .bind("resend", resend)
        .bind("id", t.id())
        .bind("version", t.version())
        .execute();
    if (changed == 0) {
      return Outcome.NOT_NEWS;
    }
    custody.append(h, List.of(CustodyEvents.deliveryStatusChanged(now, ACTOR, t.request(),
        new CustodyEvents.StatusChange(t.id().toString(), t.channel().name(), update.providerMessageId(),
            update.status().name(), update.providerStatus(), update.at(), via, t.invitation().map(UUID::toString),
            next))));
    return Outcome.RECORDED;
  }

  /** A final status is never replaced; a status in progress only by a later one. */
  private static boolean isNews(Optional<DeliveryStatus> current, DeliveryStatus reported) {
    if (current.isEmpty()) {
      return true;
    }
    if (current.get().isFinal()) {
      return false;
    }
    return reported.isFinal() || reported.ordinal() > current.get().ordinal();
  }

  private String whatNext(Handle h, Tracked t, DeliveryStatus status, Instant now) {
    if (!status.worthResending() || !t.state().equals("DELIVERED")) {
      return CustodyEvents.NEXT_NOT_RESENT;
    }
    if (t.resends() >= MAX_RESENDS) {
      return CustodyEvents.NEXT_RESENDS_USED;
    }
    if (t.invitation().isPresent()) {
      boolean usable = Database.bindTime(h.createQuery(
                  "SELECT COUNT(*) FROM invitation WHERE id = :id AND state = 'ACTIVE' AND expires_at > :now"), "now", now)
          .bind("id", t.invitation().get()).mapTo(Integer.class).one() > 0;
      if (!usable || !t.hasSecret()) {
        return CustodyEvents.NEXT_LINK_ENDED;
      }
    }
    return CustodyEvents.NEXT_RESEND;
  }

  /** Every message about a request, oldest first. */
  public List<Delivery> forRequest(Handle h, RequestId request) {
    return h.createQuery("SELECT * FROM outbox WHERE request_id = :r ORDER BY created_at, id")
        .bind("r", request.value())
        .map((rs, ctx) -> delivery(rs))
        .list();
  }

  private static Delivery delivery(ResultSet rs) throws SQLException {
    DeliveryState state = switch (rs.getString("state")) {
      case "PENDING" -> DeliveryState.PENDING;
      case "DELIVERED" -> DeliveryState.ACCEPTED;
      case "REJECTED" -> DeliveryState.REJECTED;
      case "GAVE_UP" -> DeliveryState.GAVE_UP;
      case "ABANDONED" -> DeliveryState.ABANDONED;
      default -> DeliveryState.CANCELLED;
    };
    Instant created = Rows.instant(rs, "created_at");
    return new Delivery(Rows.uuid(rs, "id"), Rows.optionalUuid(rs, "invitation_id").map(InvitationId::new),
        Channel.valueOf(rs.getString("channel")), state, rs.getInt("attempts"),
        Rows.optionalString(rs, "delivery_status").map(DeliveryStatus::valueOf),
        Rows.optionalString(rs, "provider_message_id"), Rows.optionalString(rs, "last_detail"),
        Rows.optionalInstant(rs, "updated_at").orElse(created));
  }

  private static Tracked tracked(ResultSet rs) throws SQLException {
    return new Tracked(Rows.uuid(rs, "id"), rs.getString("kind"), new RequestId(Rows.uuid(rs, "request_id")),
        Rows.optionalUuid(rs, "invitation_id"), Channel.valueOf(rs.getString("channel")), rs.getString("state"),
        Rows.optionalString(rs, "delivery_status").map(DeliveryStatus::valueOf), rs.getInt("status_version"),
        rs.getInt("resends"), rs.getBytes("sealed_secret") != null);
  }
}
