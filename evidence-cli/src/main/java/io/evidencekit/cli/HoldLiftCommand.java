package io.evidencekit.cli;




import io.evidencekit.api.RequestId;
import io.evidencekit.api.retention.HoldTarget;
import io.evidencekit.api.retention.LegalHold;
import io.evidencekit.core.EngineSettingsFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code evidencekit hold lift --data DIR --request REF [--hold ID] --reason TEXT --officer ID}: lifts one hold
 * over the request, or every hold set on the request itself. Holds on its items or on a case it is linked to
 * stay unless named with {@code --hold}; the ones still standing are listed. Exit 0 when lifted, 1 when
 * refused or when there is no standing hold to lift, 2 on a usage or configuration error.
 */
@Command(name = "lift", description = {
    "Lift a legal hold over a request: the one named with --hold, or else every hold set on the request itself",
    "(holds on its items or on a case it is linked to stay until named). When the last hold over the request lifts,",
    "the next sweep evaluates its retention afresh. A custody event."},
    mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:lifted (what still stands on stdout)",
        "1:refused: no such request or hold, no standing hold to lift, or you may not lift it (the reason on stderr)",
        "2:usage error, or the data directory's settings are missing or wrong"})
final class HoldLiftCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "the engine's data directory (DIR/db, DIR/blobs, DIR/" + EngineSettingsFile.FILE_NAME + ")")
  Path data;

  @Option(names = "--request", required = true, paramLabel = "REF", description = "the request's force reference, e.g. 46/00042/24")
  String reference;

  @Option(names = "--hold", paramLabel = "ID", description = "the hold to lift, as hold set printed it (default: every hold set on the request itself)")
  UUID holdId;

  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why, e.g. \"referral closed\"")
  String reason;

  @Mixin OfficerOptions officer;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return DataDirectoryEngine.runAsOfficer(data, "hold lift", err, officer, reference, (engine, by, ref) -> {
      RequestId request = engine.officers().requestByReference(by, ref, reason).id();
      List<LegalHold> standing = engine.retention().holds(by, request, reason).stream().filter(LegalHold::standing).toList();
      HoldTarget onRequest = HoldTarget.request(request);
      List<LegalHold> toLift = standing.stream()
          .filter(h -> holdId == null ? h.target().equals(onRequest) : h.id().equals(holdId)).toList();
      if (toLift.isEmpty()) {
        err.println(holdId == null ? "no legal hold set on " + reference + " itself stands; name one with --hold"
            : "no standing legal hold " + holdId + " over " + reference);
        printStanding(err, standing);
        return ExitCodes.NOT_VERIFIED;
      }
      for (LegalHold h : toLift) {
        engine.retention().liftHold(by, h.id(), reason);
        out.printf(Locale.ROOT, "Legal hold %s on %s lifted (it was set by %s: %s)%n", h.id(), reference, h.setBy(), h.reason());
      }
      List<LegalHold> still = standing.stream().filter(h -> !toLift.contains(h)).toList();
      if (still.isEmpty()) {
        out.printf(Locale.ROOT, "No hold stands over %s now: the next sweep evaluates its retention afresh%n", reference);
      } else {
        printStanding(out, still);
      }
      return ExitCodes.VALID;
    });
  }

  private static void printStanding(PrintWriter to, List<LegalHold> standing) {
    if (!standing.isEmpty()) {
      to.println("Still standing over the request:");
      for (LegalHold h : standing) {
        to.printf(Locale.ROOT, "  %s on %s %s: %s%n", h.id(), h.target().kind().name().toLowerCase(Locale.ROOT),
            h.target().id(), h.reason());
      }
    }
  }
}
