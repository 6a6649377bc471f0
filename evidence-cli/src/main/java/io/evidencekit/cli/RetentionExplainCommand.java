package io.evidencekit.cli;




import io.evidencekit.api.RequestId;
import io.evidencekit.api.retention.LegalHold;
import io.evidencekit.api.retention.RetentionExplanation;
import io.evidencekit.api.retention.RuleDates;
import io.evidencekit.core.EngineSettingsFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code evidencekit retention explain --data DIR --request REF --officer ID}: why a request's evidence is
 * kept and until when: its category, the facts that count, every rule with its dates, which one governs, and
 * the legal holds standing over it. The query is recorded in the custody log as a view. Exit 0 when shown,
 * 1 when refused (no such request, or the officer may not see it), 2 on a usage or configuration error.
 */
@Command(name = "explain", description = {
    "Explain a request's retention: its category, the facts that count, every rule with the day it started and the",
    "day it ends, which rule governs (the longest; the CPIA floor counts under every MOPI rule), what happens when it",
    "ends, and the legal holds standing over it. Recorded in the custody log as a view."},
    mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:shown (on stdout)", "1:refused: no such request, or you may not see it (the reason on stderr)",
        "2:usage error, or the data directory's settings are missing or wrong"})
final class RetentionExplainCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "the engine's data directory (DIR/db, DIR/blobs, DIR/" + EngineSettingsFile.FILE_NAME + ")")
  Path data;

  @Option(names = "--request", required = true, paramLabel = "REF", description = "the request's force reference, e.g. 46/00042/24")
  String reference;

  @Mixin OfficerOptions officer;

  @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "retention query",
      description = "why you look, for the custody log (default: ${DEFAULT-VALUE})")
  String reason;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return DataDirectoryEngine.runAsOfficer(data, "explain", err, officer, reference, (engine, by, ref) -> {
      RequestId request = engine.officers().requestByReference(by, ref, reason).id();
      print(out, engine.retention().explain(by, request, reason));
      return ExitCodes.VALID;
    });
  }

  static void print(PrintWriter out, RetentionExplanation e) {
    out.printf(Locale.ROOT, "Request %s: category %s, state %s%n", e.reference(),
        e.category().orElse("(not classified: no rule applies, nothing ever falls due)"), e.state());
    out.println("Facts:");
    if (e.facts().isEmpty()) {
      out.println("  none");
    }
    for (RetentionExplanation.Fact f : e.facts()) {
      out.printf(Locale.ROOT, "  %-18s %s  (%s)%n", f.kind(), f.on(), f.source());
    }
    out.println("Rules:");
    if (e.rules().isEmpty()) {
      out.println("  none");
    }
    for (RuleDates r : e.rules()) {
      boolean governs = e.governing().map(g -> g.rule().equals(r.rule())).orElse(false);
      out.printf(Locale.ROOT, "  %s %s then %s: started %s, ends %s%s%n", governs ? "*" : "-", r.rule(), r.action(),
          r.started().map(Object::toString).orElse("(not started)"),
          r.open() ? "(open: no end known yet)" : r.ends().map(Object::toString).orElse("(does not apply)"),
          r.note().isEmpty() ? "" : "  - " + r.note());
    }
    Optional<RuleDates> governing = e.governing();
    if (governing.isPresent()) {
      RuleDates g = governing.get();
      out.printf(Locale.ROOT, "Governs: %s (marked *): kept %s, then %s%n", g.rule(),
          e.retainedUntil().map(d -> "until " + d).orElse("with no end known yet"),
          g.action().name().toLowerCase(Locale.ROOT));
    } else {
      out.println("Governs: no rule applies yet");
    }
    if (e.holds().isEmpty()) {
      out.println("Legal holds: none");
    } else {
      out.println("Legal holds (nothing of the request is disposed of while one stands):");
      for (LegalHold h : e.holds()) {
        out.printf(Locale.ROOT, "  %s on %s %s, set by %s at %s: %s%n", h.id(), h.target().kind().name().toLowerCase(Locale.ROOT),
            h.target().id(), h.setBy(), h.setAt(), h.reason());
      }
    }
  }
}
