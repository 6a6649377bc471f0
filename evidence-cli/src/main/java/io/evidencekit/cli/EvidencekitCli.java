package io.evidencekit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code evidencekit} command. Exit codes, for scripts: 0 valid, 1 does not verify (the reason is
 * on stderr), 2 malformed input or a usage error.
 */
@Command(
    name = "evidencekit",
    mixinStandardHelpOptions = true,
    version = "evidencekit 0.1.0-SNAPSHOT",
    description = "Verify evidencekit custody-log proofs and checkpoints, audit a custody log, ingest files, scan for malware.",
    subcommands = {ProofCommand.class, LogCommand.class, IngestCommand.class, ScanCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:valid",
        "1:does not verify (reason on stderr)",
        "2:malformed input or usage error"})
public final class EvidencekitCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for {@link #main} and for tests that run it in-process. */
  public static CommandLine commandLine() {
    return new CommandLine(new EvidencekitCli())
        .setExecutionExceptionHandler(new ExitCodes.ExceptionHandler());
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command: proof, log, ingest or scan");
  }
}
