package io.evidencekit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Scan results and scanner versions validate themselves")
class ScanResultTest {
  private static final ScannerVersion CLAMAV = ScannerVersion.of("ClamAV", "1.4.6", "27500");

  private static void assertInvalid(Runnable r) {
    assertThatThrownBy(r::run).isInstanceOf(EvidenceException.class)
        .extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
  }

  @Test
  @DisplayName("a clean or infected verdict without a known scanner version is refused")
  void verdictNeedsVersion() {
    ScannerVersion unknown = ScannerVersion.unknown("ClamAV");
    assertInvalid(() -> ScanResult.clean(unknown));
    assertInvalid(() -> ScanResult.infected(unknown, List.of("Eicar")));
    assertThat(ScanResult.couldNotScan(unknown, ScanFailure.SCANNER_UNAVAILABLE, "down").scanner()).isEqualTo(unknown);
  }

  @Test
  @DisplayName("an infected result needs at least one non-blank signature name")
  void infectedNeedsName() {
    assertInvalid(() -> ScanResult.infected(CLAMAV, List.of()));
    assertInvalid(() -> ScanResult.infected(CLAMAV, List.of(" ", "\u0000")));
    assertThat(((ScanResult.Infected) ScanResult.infected(CLAMAV, List.of("", "Win.Test.EICAR_HDB-1"))).signatures())
        .containsExactly("Win.Test.EICAR_HDB-1");
  }

  @Test
  @DisplayName("backend text is made one safe line: control and bidi characters become spaces, long text is cut")
  void detailNormalised() {
    var result = (ScanResult.CouldNotScan) ScanResult.couldNotScan(CLAMAV, ScanFailure.ERROR,
        "bad\r\nInjected: yes\u202e" + "x".repeat(1000));
    assertThat(result.detail()).doesNotContain("\r", "\n", "\u202e").hasSize(300).startsWith("bad  Injected: yes ").endsWith("...");
    var infected = (ScanResult.Infected) ScanResult.infected(CLAMAV, List.of("Name\nFOUND"));
    assertThat(infected.signatures()).containsExactly("Name FOUND");
  }

  @Test
  @DisplayName("a blank detail becomes the reason's name")
  void blankDetail() {
    assertThat(((ScanResult.CouldNotScan) ScanResult.couldNotScan(CLAMAV, ScanFailure.TIMEOUT, " \t")).detail())
        .isEqualTo("TIMEOUT");
  }

  @Test
  @DisplayName("each result says its kind, for a switch")
  void kinds() {
    assertThat(ScanResult.clean(CLAMAV).kind()).isEqualTo(ScanResult.Kind.CLEAN);
    assertThat(ScanResult.infected(CLAMAV, List.of("x")).kind()).isEqualTo(ScanResult.Kind.INFECTED);
    assertThat(ScanResult.couldNotScan(CLAMAV, ScanFailure.ERROR, "x").kind()).isEqualTo(ScanResult.Kind.COULD_NOT_SCAN);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "Clam AV", "ClamAV\n", "Clám"})
  @DisplayName("a scanner name or version that is not one token of printable ASCII is refused")
  void versionTokens(String bad) {
    assertInvalid(() -> ScannerVersion.unknown(bad));
    assertInvalid(() -> ScannerVersion.of("ClamAV", bad));
    assertInvalid(() -> ScannerVersion.of("ClamAV", "1.4.6", bad));
  }

  @Test
  @DisplayName("a signature version without an engine version is refused")
  void signaturesNeedEngine() {
    assertInvalid(() -> new ScannerVersion("ClamAV", Optional.empty(), Optional.of("27500")));
  }

  @Test
  @DisplayName("a version prints as name engine/signatures")
  void versionText() {
    assertThat(CLAMAV).hasToString("ClamAV 1.4.6/27500");
    assertThat(ScannerVersion.of("ClamAV", "1.4.3")).hasToString("ClamAV 1.4.3");
    assertThat(ScannerVersion.unknown("ClamAV")).hasToString("ClamAV (version unknown)");
  }
}
