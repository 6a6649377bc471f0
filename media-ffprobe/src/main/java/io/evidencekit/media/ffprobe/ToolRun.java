package io.evidencekit.media.ffprobe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one program: arguments as a list (no shell), stdin closed, stdout and stderr each read up to a limit
 * on their own threads, destroyed (with its children) when its time runs out. Stateless; thread-safe.
 */
final class ToolRun {
  /** How a run ended. {@code stdout}/{@code stderr} hold at most the limit; {@code overflow} says more came. */
  record Outcome(Ending ending, int exitCode, String stdout, String stderr, boolean overflow) {}

  enum Ending { EXITED, TIMED_OUT, NOT_STARTED }

  private ToolRun() {}

  static Outcome run(List<String> command, Path workingDirectory, long timeoutNanos, int maxOutput) {
    ProcessBuilder pb = new ProcessBuilder(command).directory(workingDirectory.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    // No inherited proxy or library settings steer the programs anywhere.
    pb.environment().keySet().removeIf(k -> k.toLowerCase(java.util.Locale.ROOT).contains("proxy")
        || k.startsWith("LD_") || k.startsWith("FFREPORT") || k.startsWith("AV_LOG"));
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      return new Outcome(Ending.NOT_STARTED, -1, "", "", false);
    }
    CompletableFuture<Capped> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream(), maxOutput),
        ToolRun::daemon);
    CompletableFuture<Capped> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream(), 64 * 1024),
        ToolRun::daemon);
    boolean ended;
    try {
      ended = process.waitFor(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      destroy(process);
      Thread.currentThread().interrupt();
      return new Outcome(Ending.TIMED_OUT, -1, "", "", false);
    }
    if (!ended) {
      destroy(process);
      return new Outcome(Ending.TIMED_OUT, -1, "", "", false);
    }
    Capped o = out.join();
    Capped e = err.join();
    return new Outcome(Ending.EXITED, process.exitValue(), o.text(), e.text(), o.overflow());
  }

  private static void destroy(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Capped(String text, boolean overflow) {}

  /** Reads to the end (so the program never blocks on a full pipe) but keeps only {@code max} bytes. */
  private static Capped drain(InputStream in, int max) {
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    boolean overflow = false;
    byte[] buffer = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        int room = max - kept.size();
        if (n > room) {
          overflow = true;
        }
        kept.write(buffer, 0, Math.max(0, Math.min(n, room)));
      }
    } catch (IOException e) {
      // The process was destroyed: what was read is all there is.
    }
    return new Capped(kept.toString(StandardCharsets.UTF_8), overflow);
  }

  private static void daemon(Runnable r) {
    Thread t = new Thread(r, "ffprobe-output");
    t.setDaemon(true);
    t.start();
  }
}
