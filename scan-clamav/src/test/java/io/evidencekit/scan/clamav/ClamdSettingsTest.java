package io.evidencekit.scan.clamav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

@DisplayName("ClamdSettings")
class ClamdSettingsTest {

  private static void assertConfiguration(Executable e) {
    assertThatThrownBy(e::execute).isInstanceOf(EvidenceException.class)
        .extracting("code").isEqualTo(ErrorCode.CONFIGURATION);
  }

  @Test
  @DisplayName("defaults: 5 s to connect, 30 s of silence, 3 minutes for a verdict, 8 connections, no stated limit")
  void defaults() {
    ClamdSettings s = ClamdSettings.unixSocket(Path.of("/var/run/clamav/clamd.ctl")).build();

    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.ioTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.replyTimeout()).isEqualTo(Duration.ofMinutes(3));
    assertThat(s.maxConnections()).isEqualTo(8);
    assertThat(s.streamMaxLength()).isEmpty();
    assertThat(new ClamdScanner(s)).hasToString("ClamdScanner[unix:/var/run/clamav/clamd.ctl]");
  }

  @Test
  @DisplayName("a TCP address is kept unresolved, to be resolved on every connection")
  void tcpUnresolved() {
    ClamdSettings s = ClamdSettings.tcp("clamd.force.example", 3310).build();

    assertThat(((InetSocketAddress) s.address()).isUnresolved()).isTrue();
    assertThat(new ClamdScanner(s)).hasToString("ClamdScanner[tcp:clamd.force.example:3310]");
  }

  @Test
  @DisplayName("a bad host, port, timeout, connection count or limit is a CONFIGURATION error")
  void invalid() {
    assertConfiguration(() -> ClamdSettings.tcp("", 3310));
    assertConfiguration(() -> ClamdSettings.tcp("clamd host", 3310));
    assertConfiguration(() -> ClamdSettings.tcp("clamd", 0));
    assertConfiguration(() -> ClamdSettings.tcp("clamd", 65536));
    assertConfiguration(() -> ClamdSettings.unixSocket(Path.of("")).build());
    var b = ClamdSettings.tcp("clamd", 3310);
    assertConfiguration(() -> b.connectTimeout(Duration.ZERO).build());
    assertConfiguration(() -> ClamdSettings.tcp("clamd", 3310).ioTimeout(Duration.ofSeconds(-1)).build());
    assertConfiguration(() -> ClamdSettings.tcp("clamd", 3310).replyTimeout(Duration.ofHours(2)).build());
    assertConfiguration(() -> ClamdSettings.tcp("clamd", 3310).maxConnections(0).build());
    assertConfiguration(() -> ClamdSettings.tcp("clamd", 3310).streamMaxLength(0).build());
  }

  @Test
  @DisplayName("a stated StreamMaxLength is the scanner's declared maxSize")
  void declaredLimit() {
    ClamdScanner scanner = new ClamdScanner(ClamdSettings.tcp("clamd", 3310).streamMaxLength(25L << 20).build());

    assertThat(scanner.maxSize()).hasValue(25L << 20);
  }
}
