package io.evidencekit.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The latest result of one scanner on one item, as recorded (each result is also a custody event).
 *
 * @param scanner the scanner's stable name, e.g. {@code ClamAV}
 * @param version the program and signature versions that gave the result, e.g. {@code ClamAV 1.4.6/27500}
 * @param verdict {@link ScanState#CLEAN}, {@link ScanState#INFECTED} or {@link ScanState#COULD_NOT_SCAN}
 * @param signatures what was detected (infected only), in the scanner's order
 * @param problem why there is no verdict (could not scan only), e.g. {@code TIMEOUT: no answer within 30s}
 * @param scannedAt when the result was recorded
 */
public record ScanRecord(String scanner, String version, ScanState verdict, List<String> signatures,
    Optional<String> problem, Instant scannedAt) {
  public ScanRecord {
    Validate.line(scanner, "scanner", 100);
    Validate.line(version, "scanner version", 320);
    Objects.requireNonNull(verdict, "verdict");
    if (verdict == ScanState.PENDING) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a scan result is a verdict or could-not-scan");
    }
    signatures = List.copyOf(signatures);
    if ((verdict == ScanState.INFECTED) == signatures.isEmpty()) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "an infected result, and only that, names signatures");
    }
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(scannedAt, "scannedAt");
  }
}
