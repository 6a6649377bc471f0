package io.evidencekit.core.notify;

import io.evidencekit.api.DeliveryHold;
import io.evidencekit.core.internal.Database;
import io.evidencekit.core.internal.Rows;
import io.evidencekit.spi.Channel;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Holds on a channel, kept in the database so every engine on it respects them: a backend's rate or
 * daily limit (held until the time it gave) and a notifier's configuration problem (held for a probe
 * interval at a time, until a message on the channel is accepted again). Stateless; thread-safe.
 */
public final class DeliveryHolds {
  private final Database db;

  public DeliveryHolds(Database db) {
    this.db = db;
  }

  /** The channels on which nothing may be sent at {@code now} (a misconfigured one is probed once its hold ends). */
  Set<Channel> heldAt(Instant now) {
    Set<Channel> held = EnumSet.noneOf(Channel.class);
    list(now).stream().filter(h -> h.until().isAfter(now)).forEach(h -> held.add(h.channel()));
    return held;
  }

  /** The holds in force at {@code now}, a configuration problem included until it is cleared. */
  public List<DeliveryHold> list(Instant now) {
    return db.read(h -> h.createQuery("SELECT * FROM delivery_hold WHERE until_at IS NOT NULL ORDER BY channel")
        .map((rs, ctx) -> new DeliveryHold(Channel.valueOf(rs.getString("channel")), rs.getBoolean("misconfigured"),
            Rows.instant(rs, "since_at"), Rows.instant(rs, "until_at"),
            Rows.optionalString(rs, "detail").orElse("")))
        .list()
        .stream()
        .filter(hold -> hold.misconfigured() || hold.until().isAfter(now))
        .toList());
  }

  /**
   * Holds {@code channels} until {@code until} (a later hold already in force stays). Returns the
   * channels on which a configuration problem began now, for the caller to report once the transaction
   * has committed.
   */
  Set<Channel> hold(Set<Channel> channels, boolean misconfigured, Instant until, String detail, Instant now) {
    return db.inTransaction(h -> {
      Set<Channel> began = EnumSet.noneOf(Channel.class);
      for (Channel c : channels) {
        Optional<Current> current = current(h, c);
        boolean inForce = current.isPresent() && (current.get().misconfigured() || current.get().until().isAfter(now));
        boolean sameKind = inForce && current.get().misconfigured() == misconfigured;
        Instant since = sameKind ? current.get().since() : now;
        Instant end = sameKind && current.get().until().isAfter(until) ? current.get().until() : until;
        if (misconfigured && !sameKind) {
          began.add(c);
        }
        Database.bindTime(Database.bindTime(h.createUpdate("""
                    UPDATE delivery_hold SET misconfigured = :mis, since_at = :since, until_at = :until,
                      detail = :detail WHERE channel = :channel"""), "since", since), "until", end)
            .bind("mis", misconfigured)
            .bind("detail", detail.length() <= 500 ? detail : detail.substring(0, 500))
            .bind("channel", c.name())
            .execute();
      }
      return began;
    });
  }

  /**
   * Ends any hold on {@code channel} inside the caller's transaction: a message on it was just accepted.
   * Returns whether a configuration problem ended.
   */
  boolean clear(Handle h, Channel channel) {
    boolean wasMisconfigured = h.createQuery("SELECT misconfigured FROM delivery_hold WHERE channel = :c")
        .bind("c", channel.name()).mapTo(Boolean.class).findOne().orElse(false);
    h.createUpdate("""
            UPDATE delivery_hold SET misconfigured = FALSE, since_at = NULL, until_at = NULL, detail = NULL
            WHERE channel = :c AND (until_at IS NOT NULL OR misconfigured)""")
        .bind("c", channel.name())
        .execute();
    return wasMisconfigured;
  }

  private record Current(boolean misconfigured, Instant since, Instant until) {}

  private static Optional<Current> current(Handle h, Channel c) {
    return h.createQuery("SELECT * FROM delivery_hold WHERE channel = :c AND until_at IS NOT NULL FOR UPDATE")
        .bind("c", c.name())
        .map((rs, ctx) -> new Current(rs.getBoolean("misconfigured"), Rows.instant(rs, "since_at"),
            Rows.instant(rs, "until_at")))
        .findOne();
  }
}
