package io.evidencekit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code evidencekit log audit}: recompute the whole log from the database, check it against the
 * latest signed checkpoint and each earlier one, and report the first bad entry. Needs the engine's
 * persistence, which this build does not have yet: the place is kept so the command line is stable.
 */
@Command(name = "audit", description = "Recompute the log from the database and check it against its checkpoints (not yet available).")
final class LogAuditCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("log audit is not available in this build: it needs the engine's database");
    return ExitCodes.MALFORMED;
  }
}
