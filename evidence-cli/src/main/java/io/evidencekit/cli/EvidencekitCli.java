package io.evidencekit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The {@code evidencekit} command. Every command and subcommand answers {@code --help} and
 * {@code --version} and lists its exit codes in its help. Quiet by default: the libraries underneath
 * log only warnings and errors (to stderr); {@code --verbose} shows their informational lines too.
 */
@Command(
    name = "evidencekit",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Verify evidencekit custody-log proofs and checkpoints, audit a custody log, ingest files, scan for malware, export and verify disclosure packages, run the retention sweep, explain a request's retention, and set or lift legal holds.",
    subcommands = {ProofCommand.class, LogCommand.class, IngestCommand.class, ScanCommand.class, ExportCommand.class,
        VerifyCommand.class, RetentionCommand.class, HoldCommand.class,
        VideoCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success",
        "2:usage error (no command named)"})
public final class EvidencekitCli implements Runnable {
  /** The slf4j-simple setting that {@code --verbose} lowers; one given to {@code java -D...} wins. */
  static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "also print the libraries' informational log lines (default: warnings and errors only)")
  boolean verbose;

  public static void main(String[] args) {
    CommandLine cli = commandLine();
    // Logging is configured here, in the application, before any library class logs: the library
    // itself ships no backend and sets nothing global.
    CommandLine.IExecutionStrategy run = cli.getExecutionStrategy();
    cli.setExecutionStrategy(parsed -> {
      configureLogging(verbose(parsed));
      return run.execute(parsed);
    });
    System.exit(cli.execute(args));
  }

  /** The configured command line, for {@link #main} and for tests that run it in-process. */
  public static CommandLine commandLine() {
    return new CommandLine(new EvidencekitCli())
        .setExecutionExceptionHandler(new ExitCodes.ExceptionHandler());
  }

  /** Whether {@code --verbose} was given to any command on the line. */
  static boolean verbose(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  private static void configureLogging(boolean verbose) {
    if (verbose && System.getProperty(LOG_LEVEL_PROPERTY) == null) {
      System.setProperty(LOG_LEVEL_PROPERTY, "info");
    }
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "name a command: proof, log, ingest, scan, export, verify, retention or hold");
  }
}
