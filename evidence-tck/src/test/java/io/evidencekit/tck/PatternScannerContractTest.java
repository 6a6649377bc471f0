package io.evidencekit.tck;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.evidencekit.spi.ContentScanner;
import io.evidencekit.tck.PatternScanner.Backend;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;

/** The contract run against the in-memory scanner: shows the contract is satisfiable and exercises every group. */
@DisplayName("PatternScanner (in memory)")
class PatternScannerContractTest extends ContentScannerContract {
  private static final byte[] PATTERN = "EVIDENCEKIT-TEST-SIGNATURE".getBytes(US_ASCII);
  private static final long MAX = 1 << 20;

  private static PatternScanner scanner(Backend backend) {
    return new PatternScanner(PATTERN, "EvidenceKit.Test.Pattern", MAX, backend, Duration.ofMillis(200));
  }

  @Override
  protected ContentScanner newScanner() {
    return scanner(Backend.UP);
  }

  @Override
  protected byte[] detectedSample() {
    return "a note with EVIDENCEKIT-TEST-SIGNATURE inside".getBytes(US_ASCII);
  }

  @Override
  protected byte[] cleanSample() {
    return "an ordinary note".getBytes(US_ASCII);
  }

  @Override
  protected Optional<String> detectedSignature() {
    return Optional.of("EvidenceKit.Test.Pattern");
  }

  @Override
  protected ContentScanner newUnavailableScanner() {
    return scanner(Backend.DOWN);
  }

  @Override
  protected long tooLargeSize() {
    return MAX + 1;
  }

  @Override
  protected ContentScanner newStalledScanner() {
    return scanner(Backend.STALLED);
  }
}
