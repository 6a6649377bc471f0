package io.evidencekit.spi;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.util.Objects;
import java.util.Optional;

/**
 * Which scanner, program version and signature set gave (or would give) a verdict. The engine
 * records it with every verdict, so that an item is scanned once per signature version and re-scanned
 * when the signatures change. Immutable.
 *
 * @param name the scanner's stable name, e.g. {@code ClamAV}; the same as {@link ContentScanner#name()}
 * @param engine the scanning program's version, e.g. {@code 1.4.6}; empty when it could not be asked
 * @param signatures the signature set's version, e.g. {@code 27500} (ClamAV's daily database); empty
 *     when the scanner has none or does not report it. Only present together with {@code engine}.
 */
public record ScannerVersion(String name, Optional<String> engine, Optional<String> signatures) {
  private static final int MAX = 100;

  public ScannerVersion {
    token(name, "scanner name");
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(signatures, "signatures");
    engine.ifPresent(e -> token(e, "engine version"));
    signatures.ifPresent(s -> token(s, "signature version"));
    if (signatures.isPresent() && engine.isEmpty()) {
      throw invalid("a signature version needs an engine version");
    }
  }

  /** A scanner whose backend could not say which version it runs. */
  public static ScannerVersion unknown(String name) {
    return new ScannerVersion(name, Optional.empty(), Optional.empty());
  }

  /** A scanner without a separately versioned signature set (or one that does not report it). */
  public static ScannerVersion of(String name, String engine) {
    return new ScannerVersion(name, Optional.of(engine), Optional.empty());
  }

  public static ScannerVersion of(String name, String engine, String signatures) {
    return new ScannerVersion(name, Optional.of(engine), Optional.of(signatures));
  }

  /** Whether the engine version is known. Verdicts always carry a known version. */
  public boolean known() {
    return engine.isPresent();
  }

  /** {@code ClamAV 1.4.6/27500}, {@code ClamAV 1.4.6}, or {@code ClamAV (version unknown)}. */
  @Override
  public String toString() {
    return name + engine.map(e -> " " + e + signatures.map(s -> "/" + s).orElse("")).orElse(" (version unknown)");
  }

  /** Names and versions are recorded and compared, so they are one line of printable ASCII. */
  private static void token(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isEmpty() || value.length() > MAX || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw invalid(what + " must be 1 to " + MAX + " printable ASCII characters without spaces");
    }
  }

  private static EvidenceException invalid(String message) {
    return new EvidenceException(ErrorCode.INVALID_INPUT, message);
  }
}
