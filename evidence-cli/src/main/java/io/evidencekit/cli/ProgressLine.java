package io.evidencekit.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * One line on stderr redrawn in place ({@code \r}, then erase to the end of the line), at most five times
 * a second: a 30-character bar, the percentage and the caller's details. Nothing at all when quiet.
 * Not thread-safe: the command's thread draws it.
 */
final class ProgressLine {
  private static final int WIDTH = 30;
  private final PrintWriter err;
  private final boolean quiet;
  private final long start = System.nanoTime();
  private long lastDraw;

  ProgressLine(PrintWriter err, boolean quiet) {
    this.err = err;
    this.quiet = quiet;
  }

  boolean quiet() {
    return quiet;
  }

  /** Seconds since the line was made, never zero. */
  double seconds() {
    return Math.max(1e-3, (System.nanoTime() - start) / 1e9);
  }

  /** Draws unless quiet, or unless drawn less than 200 ms ago and not {@code force}d. */
  void draw(boolean force, double fraction, String details) {
    long now = System.nanoTime();
    if (quiet || (!force && now - lastDraw < 200_000_000L)) {
      return;
    }
    lastDraw = now;
    double f = Math.max(0, Math.min(1, fraction));
    int filled = (int) Math.round(f * WIDTH);
    err.printf(Locale.ROOT, "\r[%s%s] %3d%%  %s\u001b[K", "#".repeat(filled), ".".repeat(WIDTH - filled),
        Math.round(f * 100), details);
    err.flush();
  }

  /** Ends the line (a newline), unless quiet. */
  void end() {
    if (!quiet) {
      err.println();
    }
  }

  /** The time left at {@code rate} per second for {@code remaining}, as h:mm:ss, or --:-- before a rate is known. */
  static String left(double remaining, double rate) {
    if (rate <= 0) {
      return "--:--";
    }
    long seconds = (long) (remaining / rate);
    return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
  }

  /** A byte count for people: B, KiB, MiB, GiB, TiB. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
