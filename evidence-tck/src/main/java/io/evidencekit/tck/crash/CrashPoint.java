package io.evidencekit.tck.crash;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Where a child process stops to be killed: the {@code n}-th time the named point is reached, the child
 * prints {@code PARKED <point>} and waits for ever, so the parent kills it exactly there (between a blob
 * becoming durable and its record, between issuing a reference and committing it, ...). Specs are
 * {@code none} or {@code <point>:<n>}. Thread-safe.
 */
public final class CrashPoint {
  public static final String BEFORE_COMMIT = "before-commit";
  public static final String AFTER_COMMIT = "after-commit";
  public static final String BLOB_DURABLE = "blob-durable";

  private final String point;
  private final AtomicInteger remaining;
  private final PrintStream out;
  private volatile boolean armed;

  private CrashPoint(String point, int n, PrintStream out) {
    this.point = point;
    this.remaining = new AtomicInteger(n);
    this.out = out;
  }

  public static CrashPoint parse(String spec, PrintStream out) {
    if (spec.equals("none")) {
      return new CrashPoint("", 0, out);
    }
    String[] parts = spec.split(":");
    return new CrashPoint(parts[0], Integer.parseInt(parts[1]), out);
  }

  /** From now on passing the point counts (start-up work, such as migrations, does not). */
  public void arm() {
    armed = true;
  }

  /** Called as the child passes {@code name}; parks for ever if this is the chosen moment. */
  public void reached(String name) {
    if (armed && name.equals(point) && remaining.decrementAndGet() == 0) {
      synchronized (out) {
        out.println("PARKED " + name);
        out.flush();
      }
      while (true) {
        LockSupport.park(this); // until the parent's SIGKILL
      }
    }
  }
}
