package io.evidencekit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code evidencekit log ...}: check a signed checkpoint, or audit the whole log in its database. */
@Command(name = "log", description = "Work with the custody log and its checkpoints.",
    mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    subcommands = {LogCheckpointCommand.class, LogAuditCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"2:usage error (no subcommand named)"})
final class LogCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: checkpoint or audit");
  }
}
