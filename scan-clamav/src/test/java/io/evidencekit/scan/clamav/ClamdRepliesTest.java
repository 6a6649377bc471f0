package io.evidencekit.scan.clamav;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.spi.ScanFailure;
import io.evidencekit.spi.ScanResult;
import io.evidencekit.spi.ScannerVersion;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("clamd's answers")
class ClamdRepliesTest {
  private static final ScannerVersion V = ScannerVersion.of("ClamAV", "1.4.6", "27500");

  private static byte[] bytes(String text) {
    return text.getBytes(ISO_8859_1);
  }

  private static ScanResult verdict(String reply) {
    return ClamdReplies.verdict(V, bytes(reply), true);
  }

  private static void assertFailure(ScanResult result, ScanFailure reason) {
    assertThat(result).isInstanceOfSatisfying(ScanResult.CouldNotScan.class, r -> assertThat(r.reason()).isEqualTo(reason));
  }

  @Test
  @DisplayName("VERSION with a daily database gives the program and the signature version")
  void versionWithSignatures() {
    assertThat(ClamdReplies.version(bytes("ClamAV 1.4.6/27500/Mon Dec  1 09:28:00 2026\0")))
        .contains(ScannerVersion.of("ClamAV", "1.4.6", "27500"));
  }

  @Test
  @DisplayName("VERSION with only local signatures gives the program version alone")
  void versionWithoutSignatures() {
    assertThat(ClamdReplies.version(bytes("ClamAV 1.4.3\0"))).contains(ScannerVersion.of("ClamAV", "1.4.3"));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "\0", "PONG\0", "ClamAV\0", "ClamAV 1.4.6/x/y\0", "ClamAV 1 2\0", "ClamAV 1.4.6\0ClamAV 1.4.7\0"})
  @DisplayName("any other answer to VERSION gives no version")
  void badVersion(String reply) {
    assertThat(ClamdReplies.version(bytes(reply))).isEmpty();
  }

  @Test
  @DisplayName("stream: OK after the whole stream is CLEAN")
  void ok() {
    assertThat(verdict("stream: OK\0")).isEqualTo(ScanResult.clean(V));
  }

  @Test
  @DisplayName("stream: OK to a stream not sent whole is an ERROR, never CLEAN")
  void okToIncompleteStream() {
    assertFailure(ClamdReplies.verdict(V, bytes("stream: OK\0"), false), ScanFailure.ERROR);
  }

  @Test
  @DisplayName("FOUND names the signature; several FOUND (AllMatchScan) name them all")
  void found() {
    assertThat(verdict("stream: Win.Test.EICAR_HDB-1 FOUND\0"))
        .isEqualTo(ScanResult.infected(V, java.util.List.of("Win.Test.EICAR_HDB-1")));
    assertThat(verdict("stream: A.B FOUND\0stream: C D FOUND\0"))
        .isEqualTo(ScanResult.infected(V, java.util.List.of("A.B", "C D")));
  }

  @Test
  @DisplayName("a detection counts even in a stream not sent whole, and wins over an error in the same answer")
  void foundWins() {
    assertThat(ClamdReplies.verdict(V, bytes("stream: X FOUND\0"), false)).isInstanceOf(ScanResult.Infected.class);
    assertThat(verdict("stream: X FOUND\0Can't allocate memory ERROR\0")).isInstanceOf(ScanResult.Infected.class);
  }

  @Test
  @DisplayName("INSTREAM size limit exceeded. ERROR is TOO_LARGE, whether or not the stream was sent whole")
  void sizeLimit() {
    assertFailure(verdict("INSTREAM size limit exceeded. ERROR\0"), ScanFailure.TOO_LARGE);
    assertFailure(ClamdReplies.verdict(V, bytes("INSTREAM size limit exceeded. ERROR\0"), false), ScanFailure.TOO_LARGE);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"Can't allocate memory ERROR", "stream: Can't create temporary file ERROR", "stream: OK\0Something ERROR"})
  @DisplayName("anything else ending in ERROR is an ERROR, quoting clamd")
  void otherErrors(String reply) {
    ScanResult result = verdict(reply + "\0");
    assertFailure(result, ScanFailure.ERROR);
    assertThat(((ScanResult.CouldNotScan) result).detail()).startsWith("clamd: ").endsWith("ERROR");
  }

  @Test
  @DisplayName("Heuristics.Limits.Exceeded (AlertExceedsMax) is TOO_LARGE, not INFECTED and not CLEAN")
  void limitsExceeded() {
    ScanResult result = verdict("stream: Heuristics.Limits.Exceeded.MaxFileSize FOUND\0");
    assertFailure(result, ScanFailure.TOO_LARGE);
    assertThat(((ScanResult.CouldNotScan) result).detail()).contains("MaxFileSize");
  }

  @Test
  @DisplayName("Heuristics.Encrypted (AlertEncrypted) is ENCRYPTED")
  void encrypted() {
    assertFailure(verdict("stream: Heuristics.Encrypted.Zip FOUND\0"), ScanFailure.ENCRYPTED);
    assertFailure(verdict("stream: Heuristics.Encrypted.PDF FOUND\0"), ScanFailure.ENCRYPTED);
  }

  @Test
  @DisplayName("no answer at all is SCANNER_UNAVAILABLE")
  void noAnswer() {
    assertFailure(verdict(""), ScanFailure.SCANNER_UNAVAILABLE);
    assertFailure(ClamdReplies.verdict(V, new byte[0], false), ScanFailure.SCANNER_UNAVAILABLE);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"HELLO", "stream: ok", "stream: FOUND", "COMMAND READ TIMED OUT", "stream: OK junk"})
  @DisplayName("an answer clamd does not give is an ERROR, never CLEAN")
  void garbage(String reply) {
    assertFailure(verdict(reply + "\0"), ScanFailure.ERROR);
  }

  @Test
  @DisplayName("a FOUND without a printable name is an ERROR, not an exception")
  void unprintableName() {
    assertFailure(verdict("stream: \u0001\u0002 FOUND\0"), ScanFailure.ERROR);
  }

  @Test
  @DisplayName("control characters in an answer do not reach the result")
  void controlCharacters() {
    ScanResult result = verdict("bad\r\u001b[31m ERROR\0");
    assertThat(((ScanResult.CouldNotScan) result).detail()).doesNotContain("\r", "\u001b");
  }
}
