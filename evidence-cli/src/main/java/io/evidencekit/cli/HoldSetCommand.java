package io.evidencekit.cli;




import io.evidencekit.api.RequestId;
import io.evidencekit.api.retention.HoldTarget;
import io.evidencekit.api.retention.LegalHold;
import io.evidencekit.core.EngineSettingsFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code evidencekit hold set --data DIR --request REF --reason TEXT --officer ID}: a legal hold on a request
 * and everything received for it. A disposal scheduled under it is cancelled at once. Exit 0 when set, 1 when
 * refused, 2 on a usage or configuration error.
 */
@Command(name = "set", description = {
    "Set a legal hold (complaint, IPCO referral, appeal, litigation...) on a request and everything received for it:",
    "while it stands nothing of it is disposed of, and a disposal already scheduled is cancelled. A custody event."},
    mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:set (the hold's id on stdout, for hold lift --hold)",
        "1:refused: no such request, you may not hold it, or it is being disposed of (the reason on stderr)",
        "2:usage error, or the data directory's settings are missing or wrong"})
final class HoldSetCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "the engine's data directory (DIR/db, DIR/blobs, DIR/" + EngineSettingsFile.FILE_NAME + ")")
  Path data;

  @Option(names = "--request", required = true, paramLabel = "REF", description = "the request's force reference, e.g. 46/00042/24")
  String reference;

  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why, e.g. \"IPCO referral 2027/014\"")
  String reason;

  @Mixin OfficerOptions officer;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return DataDirectoryEngine.runAsOfficer(data, "hold set", err, officer, reference, (engine, by, ref) -> {
      RequestId request = engine.officers().requestByReference(by, ref, reason).id();
      LegalHold hold = engine.retention().setHold(by, HoldTarget.request(request), reason);
      out.printf(Locale.ROOT, "Legal hold %s set on %s by %s at %s: %s%n", hold.id(), reference, hold.setBy(),
          hold.setAt(), hold.reason());
      out.printf(Locale.ROOT, "Nothing of %s is disposed of while it stands; lift it with: evidencekit hold lift --data %s "
          + "--request %s --hold %s --reason TEXT --officer ID%n", reference, data, reference, hold.id());
      return ExitCodes.VALID;
    });
  }
}
