package io.evidencekit.core.notify;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.core.custody.CustodyEvents;
import io.evidencekit.core.internal.Database;
import io.evidencekit.core.internal.EngineClock;
import io.evidencekit.core.internal.Rows;
import io.evidencekit.spi.Channel;
import io.evidencekit.spi.DeliveryUpdate;
import io.evidencekit.spi.Notifier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the notifiers where the messages they accepted stand, for those whose status is not final: the
 * first check {@link #FIRST_CHECK} after acceptance, then at doubling intervals up to {@link #LONGEST_WAIT},
 * for at most {@link #FOLLOW_FOR} (GOV.UK Notify's networks try for 72 hours). A notifier that cannot tell
 * (SMTP) or a backend that no longer knows the id ends the following, as does the end of that period:
 * the message keeps the last status it had, and an invitation's sealed token is erased. Each pass handles
 * at most {@link #BATCH} messages; a message is claimed by moving its next check before the notifier is
 * asked, so engines sharing the database do not ask twice. Changes are recorded by {@link DeliveryTracker}.
 * Thread-safe; one pass at a time per poller.
 */
public final class StatusPoller {
  static final Duration FIRST_CHECK = Duration.ofSeconds(30);
  static final Duration LONGEST_WAIT = Duration.ofMinutes(30);
  static final Duration FOLLOW_FOR = Duration.ofDays(4);
  static final int BATCH = 50;
  private static final Logger LOG = LoggerFactory.getLogger(StatusPoller.class);

  private final Database db;
  private final EngineClock clock;
  private final Notifiers notifiers;
  private final DeliveryTracker tracker;
  private final ReentrantLock running = new ReentrantLock();

  public StatusPoller(Database db, EngineClock clock, Notifiers notifiers, DeliveryTracker tracker) {
    this.db = db;
    this.clock = clock;
    this.notifiers = notifiers;
    this.tracker = tracker;
  }

  private record Followed(UUID id, String providerId, Channel channel, Instant nextCheck, int checks, Instant since) {}

  /**
   * One pass: the messages whose check is due ({@code dueOnly}), or the soonest due whatever their
   * schedule. Returns how many status changes were recorded.
   */
  public int check(boolean dueOnly) {
    if (!running.tryLock()) {
      return 0;
    }
    try {
      int changed = 0;
      for (Followed f : followed(dueOnly)) {
        Instant now = clock.now();
        if (Duration.between(f.since(), now).compareTo(FOLLOW_FOR) > 0) {
          stopFollowing(f, "no final status within " + FOLLOW_FOR.toDays() + " days");
          continue;
        }
        if (!claim(f, now)) {
          continue;
        }
        Optional<Notifier> notifier = notifiers.forChannel(f.channel());
        if (notifier.isEmpty()) {
          stopFollowing(f, "no notifier for the channel");
          continue;
        }
        Optional<DeliveryUpdate> update;
        try {
          update = notifier.get().deliveryStatus(f.providerId());
        } catch (EvidenceException e) {
          if (e.code() == ErrorCode.INVALID_INPUT) {
            stopFollowing(f, "the notifier does not know ids like this one");
          } else {
            LOG.info("could not ask for the delivery status of outbox message {} now: {}", f.id(), e.getMessage());
          }
          continue;
        } catch (RuntimeException e) {
          LOG.warn("asking for the delivery status of outbox message {} failed: {}", f.id(), e.toString());
          continue;
        }
        if (update.isEmpty()) {
          stopFollowing(f, "the notifier cannot tell");
        } else if (!update.get().providerMessageId().equals(f.providerId())) {
          LOG.warn("the notifier answered about another message than {} was asked for: ignored", f.id());
        } else if (tracker.record(update.get(), CustodyEvents.VIA_POLL)) {
          changed++;
        }
      }
      return changed;
    } finally {
      running.unlock();
    }
  }

  private List<Followed> followed(boolean dueOnly) {
    Instant now = clock.now();
    return db.read(h -> Database.bindTime(h.createQuery("""
            SELECT id, provider_message_id, channel, next_status_check_at, status_checks, completed_at
            FROM outbox WHERE state = 'DELIVERED' AND next_status_check_at IS NOT NULL
              AND provider_message_id IS NOT NULL AND (:all OR next_status_check_at <= :now)
            ORDER BY next_status_check_at LIMIT :limit"""), "now", now)
        .bind("all", !dueOnly)
        .bind("limit", BATCH)
        .map((rs, ctx) -> new Followed(Rows.uuid(rs, "id"), rs.getString("provider_message_id"),
            Channel.valueOf(rs.getString("channel")), Rows.instant(rs, "next_status_check_at"),
            rs.getInt("status_checks"), Rows.instant(rs, "completed_at")))
        .list());
  }

  /** Moves the next check on, if no other engine did since it was read. */
  private boolean claim(Followed f, Instant now) {
    long wait = Math.min(LONGEST_WAIT.toSeconds(), FIRST_CHECK.toSeconds() << Math.min(f.checks() + 1, 20));
    Instant next = now.plusSeconds(wait);
    return db.inTransaction(h -> Database.bindTime(Database.bindTime(h.createUpdate("""
                UPDATE outbox SET next_status_check_at = :next, status_checks = status_checks + 1
                WHERE id = :id AND next_status_check_at = :seen"""), "next", next), "seen", f.nextCheck())
        .bind("id", f.id())
        .execute()) == 1;
  }

  private void stopFollowing(Followed f, String why) {
    LOG.debug("no longer following the delivery status of outbox message {}: {}", f.id(), why);
    db.inTransaction(h -> h.createUpdate("""
            UPDATE outbox SET next_status_check_at = NULL, sealed_secret = NULL
            WHERE id = :id AND provider_message_id = :p AND state = 'DELIVERED'""")
        .bind("id", f.id())
        .bind("p", f.providerId())
        .execute());
  }
}
