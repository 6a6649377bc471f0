package io.evidencekit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code evidencekit hold set|lift ...}: legal holds on a request. */
@Command(name = "hold", description = "Set or lift a legal hold on a request: while one stands nothing of it is disposed of.",
    mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    subcommands = {HoldSetCommand.class, HoldLiftCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"2:usage error (no subcommand named)"})
final class HoldCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: set or lift");
  }
}
