package io.evidencekit.core.bench;

import io.evidencekit.tck.crash.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The embedded database chosen by measurement (issue 18): start-up time as a host's main job sees it (a
 * fresh JVM opening an engine on existing data) and the cost of an upload cycle, for the embedded default
 * (H2 writing and forcing every commit), H2 as configured before, and PostgreSQL from the embedded
 * binaries. Kinds alternate round by round in fresh JVMs ({@link DatabaseProbe}); every round is printed,
 * then the best of each and its ratio to H2 as configured before. Not a test: a main.
 *
 * <p>Arguments: {@code [ROUNDS [CYCLES]]}, default 3 rounds of 30 cycles.
 */
public final class EmbeddedDatabaseBenchmark {
  private EmbeddedDatabaseBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    String cycles = args.length > 1 ? args[1] : "30";
    Path root = Files.createTempDirectory("embedded-db-bench");
    List<String> kinds = List.of("h2", "h2-before", "postgres");
    Map<String, List<double[]>> results = new LinkedHashMap<>();
    for (String kind : kinds) {
      // First start: creates the database (and for PostgreSQL runs initdb), not counted.
      long t0 = System.nanoTime();
      probe(kind, root.resolve(kind), "1");
      System.out.printf(Locale.ROOT, "%-9s first start (creating the database): %.1f s%n", kind, (System.nanoTime() - t0) / 1e9);
      results.put(kind, new ArrayList<>());
    }
    for (int round = 1; round <= rounds; round++) {
      for (String kind : kinds) {
        double[] r = probe(kind, root.resolve(kind), cycles);
        results.get(kind).add(r);
        System.out.printf(Locale.ROOT, "round %d %-9s start %5.0f ms   upload cycle %6.1f ms   file +%6.0f KiB/cycle%n",
            round, kind, r[0], r[1], r[2] / 1024);
      }
    }
    Map<String, double[]> best = new LinkedHashMap<>();
    for (String kind : kinds) {
      double start = results.get(kind).stream().mapToDouble(r -> r[0]).min().orElseThrow();
      double cycle = results.get(kind).stream().mapToDouble(r -> r[1]).min().orElseThrow();
      best.put(kind, new double[] {start, cycle});
      System.out.printf(Locale.ROOT, "best %-9s start %5.0f ms   upload cycle %6.1f ms%n", kind, start, cycle);
    }
    // Ratios against H2 as configured before, measured in the same run.
    for (String kind : List.of("h2", "postgres")) {
      System.out.printf(Locale.ROOT, "%s_start_ratio=%.2f%n%s_cycle_ratio=%.2f%n",
          kind, best.get(kind)[0] / best.get("h2-before")[0], kind, best.get(kind)[1] / best.get("h2-before")[1]);
    }
  }

  private static double[] probe(String kind, Path data, String cycles) throws Exception {
    try (ChildJvm child = ChildJvm.start(DatabaseProbe.class, List.of(kind, data.toString(), cycles),
        data.resolveSibling(kind + ".log"))) {
      String started = child.await(l -> l.startsWith("STARTED "), Duration.ofMinutes(5)).orElseThrow();
      String cycle = child.await(l -> l.startsWith("CYCLE "), Duration.ofMinutes(10)).orElseThrow();
      child.awaitExit(Duration.ofMinutes(2));
      String[] c = cycle.split(" ");
      return new double[] {Double.parseDouble(started.split(" ")[1]), Double.parseDouble(c[1]), Double.parseDouble(c[2])};
    }
  }
}
