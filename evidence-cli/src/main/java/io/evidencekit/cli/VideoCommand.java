package io.evidencekit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code evidencekit video import ...}: recorded video consultations. */
@Command(name = "video", description = "Import recorded video consultations (calls with their consent) from a platform's export.",
    mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    subcommands = {VideoImportCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"2:usage error (no subcommand named)"})
final class VideoCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: import");
  }
}
