package io.evidencekit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code evidencekit log ...}: check a signed checkpoint, or audit the whole log in its database. */
@Command(name = "log", description = "Work with the custody log and its checkpoints.",
    subcommands = {LogCheckpointCommand.class, LogAuditCommand.class})
final class LogCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: checkpoint or audit");
  }
}
