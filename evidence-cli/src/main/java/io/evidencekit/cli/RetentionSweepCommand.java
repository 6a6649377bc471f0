package io.evidencekit.cli;

import io.evidencekit.api.retention.SweepReport;
import io.evidencekit.core.EngineSettingsFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evidencekit retention sweep --data DIR [--dry-run] [--as-of DATE]}: the retention sweep on the data
 * directory's engine (as {@link IngestCommand} opens it): reviews that fell due go on the review queue,
 * disposals are scheduled, and those past their grace period are carried out, each with its certificate in
 * the custody log. A dry run changes nothing. A progress line on stderr, the totals and one line per act on
 * stdout. Exit 0 when done, 1 when it failed, 2 on a usage or configuration error.
 */
@Command(name = "sweep", description = {
    "Run the retention sweep: put requests whose review fell due on the review queue, schedule disposals that fell",
    "due (cancellable for the grace period, 7 days by default), and carry out those whose grace period has ended:",
    "every stored copy deleted, personal data redacted, a disposal certificate in the custody log. Nothing under a",
    "legal hold is disposed of. Safe to run again at any time, and beside the host's own sweeps.",
    "The engine runs with the data directory's settings, " + EngineSettingsFile.FILE_NAME + ", and so with the host's",
    "retention rules (retention.rules.file; without it the shipped defaults) and disposal grace period."},
    mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done (the totals on stdout)", "1:the sweep failed (the reason on stderr; run it again to resume)",
        "2:usage error, or the data directory's settings are missing or wrong"})
final class RetentionSweepCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "the engine's data directory (DIR/db, DIR/blobs, DIR/" + EngineSettingsFile.FILE_NAME + ")")
  Path data;

  @Option(names = "--dry-run", description = "report what the sweep would do, changing nothing")
  boolean dryRun;

  @Option(names = "--as-of", paramLabel = "DATE",
      description = "act as if it were then: a day (2027-01-31, its start in UTC) or an instant (2027-01-31T12:00:00Z); "
          + "default: now")
  String asOf;

  @Option(names = {"-q", "--quiet"}, description = "no progress line")
  boolean quiet;

  /** Where "now" comes from when no --as-of is given. */
  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Instant when;
    try {
      when = asOf == null ? clock.instant() : parse(asOf);
    } catch (DateTimeParseException e) {
      err.println("cannot sweep: --as-of " + asOf + " is neither a day like 2027-01-31 nor an instant like 2027-01-31T12:00:00Z");
      return ExitCodes.MALFORMED;
    }
    return DataDirectoryEngine.run(data, "sweep", err, engine -> {
      long start = System.nanoTime();
      if (!quiet) {
        err.printf(Locale.ROOT, "%s retention as of %s ...", dryRun ? "planning a sweep of" : "sweeping", when);
        err.flush();
      }
      SweepReport report = engine.operations().sweepRetention(when, dryRun);
      if (!quiet) {
        err.printf(Locale.ROOT, "\r%s retention as of %s: %d requests evaluated in %.1f s\u001b[K%n",
            dryRun ? "planned a sweep of" : "swept", when, report.evaluated(), (System.nanoTime() - start) / 1e9);
      }
      print(out, report);
      return ExitCodes.VALID;
    });
  }

  static Instant parse(String text) {
    if (text.contains("T")) {
      return Instant.parse(text);
    }
    return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static void print(PrintWriter out, SweepReport r) {
    if (r.dryRun()) {
      out.printf(Locale.ROOT, "Dry run as of %s (nothing changed): %d requests evaluated, %d would come up for review, "
              + "%d disposals would be scheduled, %d requests would be disposed of, %d held by a legal hold%n",
          r.asOf(), r.evaluated(), r.reviewsDue(), r.scheduled(), r.disposed(), r.held());
    } else {
      out.printf(Locale.ROOT, "Retention sweep as of %s: %d requests evaluated, %d reviews due, %d disposals scheduled, "
              + "%d requests disposed of (each with a certificate in the custody log), %d held by a legal hold%n",
          r.asOf(), r.evaluated(), r.reviewsDue(), r.scheduled(), r.disposed(), r.held());
    }
    r.lines().forEach(line -> out.println("  " + line));
  }
}
