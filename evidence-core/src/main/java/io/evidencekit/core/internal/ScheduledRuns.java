package io.evidencekit.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Lets periodic work run once per interval however many engines share the database: each job has a row
 * in {@code scheduled_run}, and an engine may run the job only after moving the row's {@code next_due_at}
 * on with a conditional UPDATE. Racing engines queue on the row lock and the loser's condition no longer
 * holds (PostgreSQL re-checks it after the winner commits; H2 raises a lock conflict that the retry turns
 * into the same answer). Works the same on H2 and PostgreSQL, with no advisory locks.
 *
 * <p>Intervals are aligned to the epoch (a run due in the window {@code [k*interval, (k+1)*interval)}), so
 * engines started at different moments still agree, and one engine running every {@code interval} is never
 * refused: its runs are at least one interval apart, so each falls in a new window. A claim whose holder
 * dies before doing the work loses that window's run; the next window runs as usual. Thread-safe.
 */
public final class ScheduledRuns {
  /** The scheduled custody checkpoint (row seeded by V10). */
  public static final String CHECKPOINT = "custody-checkpoint";

  private final Database db;

  public ScheduledRuns(Database db) {
    this.db = Objects.requireNonNull(db);
  }

  /** True if this caller won the run of job {@code name} for the window holding {@code now}; at most one caller does. */
  public boolean claim(String name, Instant now, Duration interval) {
    long every = Math.max(1, interval.toMillis());
    Instant windowEnd = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), every) * every + every);
    return db.inTransaction(h -> Database.bindTime(Database.bindTime(h.createUpdate("""
                UPDATE scheduled_run SET next_due_at = :next, claimed_at = :now
                WHERE name = :name AND (next_due_at IS NULL OR next_due_at <= :now)"""), "next", windowEnd), "now", now)
        .bind("name", name)
        .execute()) == 1;
  }
}
