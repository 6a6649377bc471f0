package io.evidencekit.tck;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.evidencekit.spi.ContentScanner;
import io.evidencekit.spi.ScanFailure;
import io.evidencekit.spi.ScanResult;
import io.evidencekit.spi.ScannerVersion;
import io.evidencekit.tck.PatternScanner.Backend;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The contract catches broken scanners: it is run (through the JUnit test kit) against scanners that
 * each break one rule, and must fail the tests about that rule.
 */
@DisplayName("ContentScannerContract catches broken scanners")
class ContentScannerContractSelfTest {

  private static EngineExecutionResults run(Class<?> contract) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(contract)).execute();
  }

  private static List<String> failedTests(Class<?> contract) {
    return run(contract).testEvents().failed().stream().map(ContentScannerContractSelfTest::name).toList();
  }

  private static String name(Event event) {
    return event.getTestDescriptor().getDisplayName();
  }

  @Test
  @DisplayName("a plugin giving only the required hooks passes, and the optional groups are skipped as whole groups with one reason each")
  void optionalGroupsSkipAsGroups() {
    EngineExecutionResults results = run(MinimalContract.class);

    assertThat(results.testEvents().failed().stream().map(ContentScannerContractSelfTest::name)).isEmpty();
    assertThat(results.testEvents().succeeded().count()).isGreaterThanOrEqualTo(13);
    assertThat(results.containerEvents().skipped().stream().map(ContentScannerContractSelfTest::name))
        .containsExactlyInAnyOrder("when its backend is down", "when the content is too large", "when its backend stalls");
    assertThat(results.testEvents().skipped().count()).as("tests skipped one by one").isZero();
  }

  @Test
  @DisplayName("a scanner that answers CLEAN without reading every byte fails the verdict and stream rules")
  void cleanWithoutReading() {
    assertThat(failedTests(CleanWithoutReading.class)).contains(
        "the detected sample is INFECTED and names its signature",
        "the clean sample is CLEAN, after every byte and the end of the stream were read",
        "a stream that ends before its declared size is STREAM_FAILED, not CLEAN",
        "a stream that goes on past its declared size is STREAM_FAILED, not CLEAN");
  }

  @Test
  @DisplayName("a scanner that closes the caller's stream fails")
  void closesStream() {
    assertThat(failedTests(ClosesStream.class)).contains(
        "the scanner never closes the caller's stream, whatever the result",
        "the clean sample is CLEAN, after every byte and the end of the stream were read");
  }

  @Test
  @DisplayName("a scanner that throws when the stream fails, or repeats its message, fails")
  void throwsOnStreamFailure() {
    assertThat(failedTests(ThrowsOnStreamFailure.class)).contains(
        "a stream that fails part-way is STREAM_FAILED, returned not thrown, and its error message is not repeated");
    assertThat(failedTests(RepeatsStreamMessage.class)).contains(
        "a stream that fails part-way is STREAM_FAILED, returned not thrown, and its error message is not repeated");
  }

  @Test
  @DisplayName("a scanner that still scans after close, or reports another version than it scanned with, fails")
  void closeAndVersion() {
    assertThat(failedTests(IgnoresClose.class)).contains(
        "close is idempotent; a scan after it is SCANNER_UNAVAILABLE and reads nothing");
    assertThat(failedTests(StaleVersion.class)).contains(
        "a verdict carries a known version, the same one version() reports");
  }

  @Test
  @DisplayName("a scanner that answers CLEAN for content over its limit fails the too-large group")
  void cleanWhenTooLarge() {
    assertThat(failedTests(CleanWhenTooLarge.class)).contains(
        "content over the scanner's limit is TOO_LARGE, never CLEAN");
  }

  // ---- the contract run against broken scanners (nested, so the build does not run them on their own)

  private static final byte[] PATTERN = "EVIDENCEKIT-TEST-SIGNATURE".getBytes(US_ASCII);

  static PatternScanner working() {
    return new PatternScanner(PATTERN, "EvidenceKit.Test.Pattern", 1 << 20, Backend.UP, Duration.ofMillis(200));
  }

  abstract static class Base extends ContentScannerContract {
    @Override
    protected byte[] detectedSample() {
      return "xx EVIDENCEKIT-TEST-SIGNATURE xx".getBytes(US_ASCII);
    }

    @Override
    protected byte[] cleanSample() {
      return "an ordinary note".getBytes(US_ASCII);
    }
  }

  /** Delegates to a working scanner; each subclass breaks one rule. */
  abstract static class Flawed implements ContentScanner {
    final PatternScanner inner = working();

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public ScanResult scan(InputStream content, long size) {
      return inner.scan(content, size);
    }

    @Override
    public ScannerVersion version() {
      return inner.version();
    }

    @Override
    public OptionalLong maxSize() {
      return inner.maxSize();
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  static class MinimalContract extends Base {
    @Override
    protected ContentScanner newScanner() {
      return working();
    }
  }

  static class CleanWithoutReading extends Base {
    @Override
    protected ContentScanner newScanner() {
      return new Flawed() {
        @Override
        public ScanResult scan(InputStream content, long size) {
          return ScanResult.clean(PatternScanner.VERSION);
        }
      };
    }
  }

  static class ClosesStream extends Base {
    @Override
    protected ContentScanner newScanner() {
      return new Flawed() {
        @Override
        public ScanResult scan(InputStream content, long size) {
          try (content) {
            return super.scan(content, size);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };
    }
  }

  static class ThrowsOnStreamFailure extends Base {
    @Override
    protected ContentScanner newScanner() {
      return new Flawed() {
        @Override
        public ScanResult scan(InputStream content, long size) {
          try {
            content.readNBytes((int) size);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return ScanResult.clean(PatternScanner.VERSION);
        }
      };
    }
  }

  static class RepeatsStreamMessage extends Base {
    @Override
    protected ContentScanner newScanner() {
      return new Flawed() {
        @Override
        public ScanResult scan(InputStream content, long size) {
          try {
            content.readAllBytes();
            return super.scan(InputStream.nullInputStream(), 0);
          } catch (IOException e) {
            return ScanResult.couldNotScan(PatternScanner.VERSION, ScanFailure.STREAM_FAILED, "read failed: " + e.getMessage());
          }
        }
      };
    }
  }

  static class IgnoresClose extends Base {
    @Override
    protected ContentScanner newScanner() {
      return new Flawed() {
        @Override
        public void close() {}
      };
    }
  }

  static class StaleVersion extends Base {
    @Override
    protected ContentScanner newScanner() {
      return new Flawed() {
        @Override
        public ScannerVersion version() {
          return ScannerVersion.of(inner.name(), "1.0", "8");
        }
      };
    }
  }

  static class CleanWhenTooLarge extends Base {
    @Override
    protected ContentScanner newScanner() {
      return new Flawed() {
        @Override
        public ScanResult scan(InputStream content, long size) {
          if (size > (1 << 20)) {
            try {
              content.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            return ScanResult.clean(PatternScanner.VERSION);
          }
          return super.scan(content, size);
        }

        @Override
        public OptionalLong maxSize() {
          return OptionalLong.empty();
        }
      };
    }

    @Override
    protected long tooLargeSize() {
      return (1 << 20) + 1;
    }
  }
}
