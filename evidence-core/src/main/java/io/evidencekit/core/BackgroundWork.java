package io.evidencekit.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of the engine's threads: the outbox delivery loop, scheduled checkpoints and the ingest
 * writer pool. It starts them, runs a task on them when nudged, and stops them on {@link #close()}.
 * Executors the host passed in are used, never shut down; the ones made here are daemon threads, so an
 * engine left open never keeps the JVM alive. Thread-safe; {@code close()} is idempotent.
 */
final class BackgroundWork implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EvidenceEngine.class);

  private final @Nullable ScheduledExecutorService scheduler;
  private final @Nullable ScheduledExecutorService ownedScheduler;
  private final ExecutorService ownedIngestPool;
  private final java.util.concurrent.Executor ingestWriters;
  private final List<ScheduledFuture<?>> schedules = new ArrayList<>();
  private final Liveness liveness;
  private @Nullable Runnable delivery;
  private final @Nullable ScheduledExecutorService scanThread;
  private final java.util.concurrent.atomic.AtomicBoolean scanQueued = new java.util.concurrent.atomic.AtomicBoolean();
  private @Nullable Runnable scanPass;
  private final @Nullable ScheduledExecutorService inspectThread;
  private final java.util.concurrent.atomic.AtomicBoolean inspectQueued = new java.util.concurrent.atomic.AtomicBoolean();
  private @Nullable Runnable inspectPass;

  /**
   * @param hostScheduler the host's executor for periodic work, or null for one of the engine's own
   * @param hostIngest the host's executor for ingest writers, or null for the engine's own pool
   * @param needsScheduler false when nothing periodic runs (manual delivery, no checkpoint schedule)
   * @param scans whether to start the scan thread (scanners configured, background scanning on)
   */
  BackgroundWork(@Nullable ScheduledExecutorService hostScheduler, java.util.concurrent.@Nullable Executor hostIngest,
      boolean needsScheduler, boolean scans, Liveness liveness) {
    this(hostScheduler, hostIngest, needsScheduler, scans, false, liveness);
  }

  /** @param inspects whether to start the media inspection thread (an inspector configured, in the background) */
  BackgroundWork(@Nullable ScheduledExecutorService hostScheduler, java.util.concurrent.@Nullable Executor hostIngest,
      boolean needsScheduler, boolean scans, boolean inspects, Liveness liveness) {
    this.liveness = liveness;
    // Inspections run programs for up to a minute each: their own thread, apart from scans and deliveries.
    this.inspectThread = inspects ? daemonScheduler("evidencekit-media-inspector") : null;
    // Scans get a thread of their own: a long scan must never hold up deliveries or checkpoints.
    this.scanThread = scans ? daemonScheduler("evidencekit-scanner") : null;
    this.ownedScheduler = hostScheduler == null && needsScheduler ? daemonScheduler("evidencekit-background") : null;
    this.scheduler = hostScheduler != null ? hostScheduler : ownedScheduler;
    this.ownedIngestPool = newIngestPool();
    this.ingestWriters = hostIngest != null ? hostIngest : ownedIngestPool;
  }

  /** Where the ingest pipeline runs its writer threads. */
  java.util.concurrent.Executor ingestWriters() {
    return ingestWriters;
  }

  /** Runs {@code task} now and then {@code every} after each run ends; {@link #nudge()} runs it once more. */
  synchronized void deliverEvery(Duration every, Runnable task) {
    this.delivery = quietly("outbox delivery pass", task);
    schedules.add(requireScheduler().scheduleWithFixedDelay(delivery, 0, every.toMillis(), TimeUnit.MILLISECONDS));
  }

  /** Runs {@code task} every {@code every}, first after one interval. */
  synchronized void every(Duration every, String what, Runnable task) {
    long ms = every.toMillis();
    schedules.add(requireScheduler().scheduleWithFixedDelay(quietly(what, task), ms, ms, TimeUnit.MILLISECONDS));
  }

  /** Runs the delivery task soon, if deliveries are scheduled (something was just queued). */
  void nudge() {
    Runnable task;
    synchronized (this) {
      task = delivery;
    }
    if (task != null && scheduler != null) {
      try {
        scheduler.execute(task);
      } catch (RejectedExecutionException e) {
        // Shutting down: the message stays in the outbox for the next start.
      }
    }
  }

  /** Runs {@code pass} on the scan thread now and every {@code every} after each run; see {@link #nudgeScans}. */
  synchronized void scanEvery(Duration every, Runnable pass) {
    if (scanThread == null) {
      throw new io.evidencekit.api.EvidenceException(io.evidencekit.api.ErrorCode.INTERNAL, "no scan thread");
    }
    Runnable quiet = quietly("scan pass", pass);
    this.scanPass = () -> {
      scanQueued.set(false);
      quiet.run();
    };
    long ms = every.toMillis();
    schedules.add(scanThread.scheduleWithFixedDelay(scanPass, 0, ms, TimeUnit.MILLISECONDS));
  }

  /**
   * Runs a scan pass soon (an item was just recorded), without waiting for it. Nudges while one is already
   * queued are dropped: that pass will see every item recorded before it starts.
   */
  void nudgeScans() {
    Runnable task;
    synchronized (this) {
      task = scanPass;
    }
    if (task != null && scanThread != null && scanQueued.compareAndSet(false, true)) {
      try {
        scanThread.execute(task);
      } catch (RejectedExecutionException e) {
        // Shutting down: the item stays queued in the database for the next start.
      }
    }
    nudgeInspections(); // every item recorded is queued for both
  }

  /** Runs {@code pass} on the inspection thread now and every {@code every} after each run. */
  synchronized void inspectEvery(Duration every, Runnable pass) {
    if (inspectThread == null) {
      throw new io.evidencekit.api.EvidenceException(io.evidencekit.api.ErrorCode.INTERNAL, "no inspection thread");
    }
    Runnable quiet = quietly("media inspection pass", pass);
    this.inspectPass = () -> {
      inspectQueued.set(false);
      quiet.run();
    };
    long ms = every.toMillis();
    schedules.add(inspectThread.scheduleWithFixedDelay(inspectPass, 0, ms, TimeUnit.MILLISECONDS));
  }

  /** Runs an inspection pass soon (an item was just recorded); dropped while one is already queued. */
  void nudgeInspections() {
    Runnable task;
    synchronized (this) {
      task = inspectPass;
    }
    if (task != null && inspectThread != null && inspectQueued.compareAndSet(false, true)) {
      try {
        inspectThread.execute(task);
      } catch (RejectedExecutionException e) {
        // Shutting down: the item stays queued in the database for the next start.
      }
    }
  }

  private ScheduledExecutorService requireScheduler() {
    if (scheduler == null) {
      throw new io.evidencekit.api.EvidenceException(io.evidencekit.api.ErrorCode.INTERNAL,
          "no scheduler: the engine was built without periodic work");
    }
    return scheduler;
  }

  private Runnable quietly(String what, Runnable task) {
    return () -> {
      if (liveness.isClosed()) {
        return;
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.warn("{} failed; will try again: {}", what, e.toString());
      }
    };
  }

  @Override
  public synchronized void close() {
    schedules.forEach(s -> s.cancel(false));
    schedules.clear();
    if (ownedScheduler != null) {
      ownedScheduler.shutdown();
      try {
        ownedScheduler.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (scanThread != null) {
      // A scan under way ends with its result or its lease running out; the thread is a daemon.
      scanThread.shutdownNow();
      try {
        scanThread.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (inspectThread != null) {
      // An inspection under way is interrupted; its programs are destroyed and its lease runs out.
      inspectThread.shutdownNow();
      try {
        inspectThread.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // Uploads still running finish or fail on their own; their writer threads are daemons.
    ownedIngestPool.shutdown();
  }

  private static ScheduledExecutorService daemonScheduler(String name) {
    return Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /** Writer threads for uploads: created on demand, idle ones end after a minute. */
  private static ExecutorService newIngestPool() {
    AtomicInteger count = new AtomicInteger();
    return Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "evidencekit-ingest-writer-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }
}
