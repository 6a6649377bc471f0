package io.evidencekit.cli;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** The exit codes the commands share, and the mapping of exceptions to them. */
final class ExitCodes {
  static final int VALID = 0;
  static final int NOT_VERIFIED = 1;
  static final int MALFORMED = 2; // also picocli's code for usage errors

  private ExitCodes() {}

  /** Prints the reason (never a stack trace) and maps it to an exit code. */
  static final class ExceptionHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
      if (e instanceof EvidenceException ee) {
        boolean malformed = ee.code() == ErrorCode.INVALID_INPUT;
        commandLine.getErr().println((malformed ? "malformed: " : "does not verify: ") + ee.getMessage());
        return malformed ? MALFORMED : NOT_VERIFIED;
      }
      if (e instanceof IOException) {
        commandLine.getErr().println("cannot read input: " + e.getMessage());
        return MALFORMED;
      }
      commandLine.getErr().println("error: " + e);
      return MALFORMED;
    }
  }
}
