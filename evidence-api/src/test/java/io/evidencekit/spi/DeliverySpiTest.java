package io.evidencekit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.EvidenceException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Delivery reports and updates validate themselves")
class DeliverySpiTest {

  @Test
  @DisplayName("the three-part report means no back-off hint and no configuration problem")
  void threePartReport() {
    DeliveryReport report = new DeliveryReport(DeliveryReport.Outcome.RETRY, "busy", Optional.empty());
    assertThat(report.retryAfter()).isEmpty();
    assertThat(report.misconfigured()).isFalse();
    assertThat(report).isEqualTo(DeliveryReport.retry("busy"));
  }

  @Test
  @DisplayName("a back-off hint or a configuration problem goes only with RETRY, and a hint must be positive")
  void hintsOnlyWithRetry() {
    assertThat(DeliveryReport.retryAfter("rate limit", Duration.ofMinutes(1)).retryAfter()).hasValue(Duration.ofMinutes(1));
    assertThat(DeliveryReport.misconfigured("bad key").outcome()).isEqualTo(DeliveryReport.Outcome.RETRY);
    assertThatThrownBy(() -> new DeliveryReport(DeliveryReport.Outcome.REJECTED, "x", Optional.empty(),
        Optional.of(Duration.ofSeconds(1)), false)).isInstanceOf(EvidenceException.class);
    assertThatThrownBy(() -> new DeliveryReport(DeliveryReport.Outcome.DELIVERED, "x", Optional.of("id"),
        Optional.empty(), true)).isInstanceOf(EvidenceException.class);
    assertThatThrownBy(() -> DeliveryReport.retryAfter("x", Duration.ZERO)).isInstanceOf(EvidenceException.class);
  }

  @Test
  @DisplayName("an update refuses a provider id or status with spaces, control characters or no text")
  void updateValidates() {
    Instant at = Instant.parse("2024-03-04T14:02:00Z");
    assertThatThrownBy(() -> new DeliveryUpdate("a b", Optional.empty(), Optional.empty(), DeliveryStatus.SENDING,
        "sending", at)).isInstanceOf(EvidenceException.class);
    assertThatThrownBy(() -> new DeliveryUpdate("id", Optional.empty(), Optional.empty(), DeliveryStatus.SENDING,
        "sending\r\n", at)).isInstanceOf(EvidenceException.class);
    assertThatThrownBy(() -> new DeliveryUpdate("", Optional.empty(), Optional.empty(), DeliveryStatus.SENDING,
        "sending", at)).isInstanceOf(EvidenceException.class);
    assertThat(new DeliveryUpdate("id-1", Optional.empty(), Optional.of(Channel.SMS), DeliveryStatus.DELIVERED,
        "delivered", at).status().isFinal()).isTrue();
  }

  @Test
  @DisplayName("only temporary and technical failures are worth sending again; queued and sending are not final")
  void statusMeaning() {
    assertThat(DeliveryStatus.PERMANENT_FAILURE.worthResending()).isFalse();
    assertThat(DeliveryStatus.TEMPORARY_FAILURE.worthResending()).isTrue();
    assertThat(DeliveryStatus.TECHNICAL_FAILURE.worthResending()).isTrue();
    assertThat(DeliveryStatus.QUEUED.isFinal()).isFalse();
    assertThat(DeliveryStatus.SENDING.isFinal()).isFalse();
    assertThat(DeliveryStatus.SENT.isFailure()).isFalse();
  }
}
