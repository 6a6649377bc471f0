package io.evidencekit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code evidencekit retention ...}: run the retention sweep, or explain why a request's evidence is kept. */
@Command(name = "retention", description = "Retention: run the sweep (reviews due, disposals), or explain a request's rules and dates.",
    mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    subcommands = {RetentionSweepCommand.class, RetentionExplainCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"2:usage error (no subcommand named)"})
final class RetentionCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: sweep or explain");
  }
}
