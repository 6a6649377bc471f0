package io.evidencekit.portal;

import io.evidencekit.api.Limits;
import io.evidencekit.api.SubmissionId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Our portal as a process of its own for {@link TusPeerBenchmark}: a real engine on the embedded
 * defaults (H2 and the filesystem store) under {@code DIR}, the portal on a free port, and
 * {@code SUBMISSIONS} requests, each with its link and one open draft submission for the clients (a
 * link may hold only a few unfinished submissions). Not a test.
 *
 * <p>Prints one line {@code ready PORT TOKEN:SUBMISSION,TOKEN:SUBMISSION,...} when it serves, then runs until
 * its standard input closes (so a JVM started with {@code -XX:+DumpPerfMapAtExit} exits normally and
 * writes its perf map).
 *
 * <p>Usage: {@code TusBenchServer DIR SUBMISSIONS}
 */
public final class TusBenchServer {
  private TusBenchServer() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int submissions = Integer.parseInt(args[1]);
    Files.createDirectories(dir);
    try (PortalFixture portal = new PortalFixture(dir, new Limits(100_000, Long.MAX_VALUE / 8, Long.MAX_VALUE / 4))) {
      List<String> links = new ArrayList<>();
      for (int i = 0; i < submissions; i++) {
        String token = i == 0 ? portal.token() : portal.newRequest().token();
        SubmissionId s = portal.engine.publicSide().startSubmission(token);
        links.add(token + ":" + s);
      }
      System.out.println("ready " + portal.port + " " + String.join(",", links));
      System.out.flush();
      // Runs until the benchmark closes our standard input.
      System.in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    System.out.println("stopped");
    System.exit(0);
  }
}
