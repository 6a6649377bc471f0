package io.evidencekit.tck.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM running a main class from the test classpath (as {@code storage-filesystem}'s CrashTest does),
 * for kill-loop tests of anything that must survive a crash.
 * Its stdout lines are collected on a daemon thread: a line counts as said the moment it arrives, so
 * whatever the child printed before it was killed is known to the parent. {@link #kill()} is
 * {@code destroyForcibly()}, which is SIGKILL on Linux: no shutdown hooks, no finally blocks, no clean
 * close of anything. Not thread-safe; one test thread drives it.
 */
public final class ChildJvm implements AutoCloseable {
  private static final String END = "\u0000end";

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();
  private boolean ended;

  private ChildJvm(Process process) {
    this.process = process;
    Thread reader = new Thread(this::read, "child-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code main} with {@code args}; its stderr is appended to {@code log}. */
  public static ChildJvm start(Class<?> main, List<String> args, Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of(javaExecutable(), "-cp", System.getProperty("java.class.path"),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k",
        "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", main.getName()));
    command.addAll(args);
    Files.createDirectories(log.getParent());
    return new ChildJvm(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start());
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      // The child was killed while we read: whatever arrived before is in the queue.
    } finally {
      lines.add(END);
    }
  }

  /**
   * Waits for the next line matching {@code wanted}, returning every line up to it through
   * {@link #seen()}; empty if the child ended or {@code timeout} passed first.
   */
  public Optional<String> await(Predicate<String> wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ended) {
      long left = deadline - System.nanoTime();
      String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
      if (line == null) {
        return Optional.empty();
      }
      if (line.equals(END)) {
        ended = true;
        return Optional.empty();
      }
      seen.add(line);
      if (wanted.test(line)) {
        return Optional.of(line);
      }
    }
    return Optional.empty();
  }

  /** Kills the child with SIGKILL and collects every line it printed before it died. */
  public List<String> kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the child did not die");
    }
    drain();
    return seen;
  }

  /** Waits for the child to end by itself and collects its lines; its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      kill();
      throw new IllegalStateException("the child did not finish in " + timeout);
    }
    drain();
    return process.exitValue();
  }

  private void drain() throws InterruptedException {
    while (!ended) {
      String line = lines.poll(30, TimeUnit.SECONDS);
      if (line == null || line.equals(END)) {
        ended = true;
      } else {
        seen.add(line);
      }
    }
  }

  /** Every line read so far, in order. */
  public List<String> seen() {
    return seen;
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  private static String javaExecutable() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
