package io.evidencekit.spi;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.util.List;
import java.util.Objects;

/**
 * What one {@link ContentScanner#scan} found: {@link Clean}, {@link Infected} or
 * {@link CouldNotScan}. The only way a scanner reports a failure. Immutable.
 *
 * <p>Text from a scanner's backend (signature names, error replies) is normalised here rather than
 * refused, so that building a result never throws for odd backend text: control characters become
 * spaces and long text is cut short.
 */
public sealed interface ScanResult permits ScanResult.Clean, ScanResult.Infected, ScanResult.CouldNotScan {

  /** The three kinds of result, for a {@code switch}. */
  enum Kind { CLEAN, INFECTED, COULD_NOT_SCAN }

  Kind kind();

  /** The scanner, and for a verdict the versions, that produced this result. */
  ScannerVersion scanner();

  static ScanResult clean(ScannerVersion scanner) {
    return new Clean(scanner);
  }

  static ScanResult infected(ScannerVersion scanner, List<String> signatures) {
    return new Infected(scanner, signatures);
  }

  static ScanResult couldNotScan(ScannerVersion scanner, ScanFailure reason, String detail) {
    return new CouldNotScan(scanner, reason, detail);
  }

  /**
   * Every byte of the item was scanned and nothing was detected.
   *
   * @param scanner a known version: the one whose signatures were used
   */
  record Clean(ScannerVersion scanner) implements ScanResult {
    public Clean {
      requireVerdictVersion(scanner);
    }

    @Override
    public Kind kind() {
      return Kind.CLEAN;
    }
  }

  /**
   * Something was detected. The item is quarantined; its bytes are kept exactly as received.
   *
   * @param scanner a known version: the one whose signatures matched
   * @param signatures the names of the signatures that matched, at least one, in the scanner's order
   */
  record Infected(ScannerVersion scanner, List<String> signatures) implements ScanResult {
    static final int MAX_NAME = 200;

    public Infected {
      requireVerdictVersion(scanner);
      Objects.requireNonNull(signatures, "signatures");
      signatures = signatures.stream().map(s -> ScanText.line(s, MAX_NAME)).filter(s -> !s.isEmpty()).toList();
      if (signatures.isEmpty()) {
        throw new EvidenceException(ErrorCode.INVALID_INPUT, "an infected result names at least one signature");
      }
    }

    @Override
    public Kind kind() {
      return Kind.INFECTED;
    }
  }

  /**
   * No verdict. Never to be read as clean.
   *
   * @param scanner the scanner; its version may be unknown (the backend could not be asked)
   * @param reason why there is no verdict
   * @param detail one line for the log and the officer's screen, at most 300 characters; never the
   *     content, the caller's stream's error message, or credentials. Blank text becomes the reason's name.
   */
  record CouldNotScan(ScannerVersion scanner, ScanFailure reason, String detail) implements ScanResult {
    static final int MAX_DETAIL = 300;

    public CouldNotScan {
      Objects.requireNonNull(scanner, "scanner");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
      detail = ScanText.line(detail, MAX_DETAIL);
      if (detail.isEmpty()) {
        detail = reason.name();
      }
    }

    @Override
    public Kind kind() {
      return Kind.COULD_NOT_SCAN;
    }
  }

  private static void requireVerdictVersion(ScannerVersion scanner) {
    Objects.requireNonNull(scanner, "scanner");
    if (!scanner.known()) {
      // The engine records "scanned by version X" for each verdict; without X it could not decide
      // when to scan again.
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a verdict names the scanner version that gave it");
    }
  }
}
