package io.evidencekit.core.testing;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A host scheduler that runs nothing by itself: it keeps each periodic task an engine schedules, by its
 * period, so a test runs exactly the passes it wants, when it wants (no sleeping, no timing). One-off
 * nudges are dropped. Shut it down after the test.
 */
public final class ManualScheduler extends ScheduledThreadPoolExecutor {
  private final Map<Duration, Runnable> periodic = new ConcurrentHashMap<>();

  public ManualScheduler() {
    super(1);
  }

  /** The task scheduled every {@code period}. */
  public Runnable every(Duration period) {
    Runnable task = periodic.get(period);
    if (task == null) {
      throw new EvidenceException(ErrorCode.INTERNAL, "nothing scheduled every " + period + ": " + periodic.keySet());
    }
    return task;
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    if (periodic.putIfAbsent(Duration.ofNanos(unit.toNanos(delay)), command) != null) {
      throw new EvidenceException(ErrorCode.INTERNAL, "two tasks share the period " + delay + " " + unit);
    }
    return super.schedule(() -> {}, 365, TimeUnit.DAYS); // a future the engine may cancel; it never runs the task
  }

  @Override
  public void execute(Runnable command) {
    // A nudge to deliver now: the test decides when deliveries run.
  }
}
