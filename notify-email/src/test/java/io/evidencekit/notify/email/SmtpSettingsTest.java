package io.evidencekit.notify.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SmtpSettings")
class SmtpSettingsTest {

  @Test
  @DisplayName("defaults to required STARTTLS on port 587 with bounded timeouts, sender named after the force")
  void defaults() {
    SmtpSettings settings = SmtpSettings.builder("smtp.force.example", MailTests.NO_REPLY, "Kent Police").build();

    assertThat(settings.security()).isEqualTo(TransportSecurity.STARTTLS);
    assertThat(settings.port()).isEqualTo(587);
    assertThat(settings.fromName()).isEqualTo("Kent Police");
    Properties props = SmtpProperties.of(settings, "smtp");
    assertThat(props).containsEntry("mail.smtp.starttls.required", "true")
        .containsEntry("mail.smtp.ssl.checkserveridentity", "true")
        .containsEntry("mail.smtp.connectiontimeout", "10000")
        .containsEntry("mail.smtp.timeout", "30000");
  }

  @Test
  @DisplayName("SMTPS defaults to port 465 and sets its properties under mail.smtps")
  void smtps() {
    SmtpSettings settings = SmtpSettings.builder("smtp.force.example", MailTests.NO_REPLY, "Kent Police")
        .security(TransportSecurity.SMTPS).build();

    assertThat(settings.port()).isEqualTo(465);
    assertThat(SmtpProperties.of(settings, "smtps")).containsEntry("mail.smtps.port", "465")
        .containsEntry("mail.smtps.ssl.checkserveridentity", "true");
  }

  @Test
  @DisplayName("toString never shows the password, nor does the notifier's")
  void passwordHidden() {
    SmtpSettings settings = MailTests.settings(2525).credentials("relay", "hunter2-Secret").build();

    assertThat(settings.toString()).contains("relay", "password=***", "locale=en-GB").doesNotContain("hunter2-Secret");
    assertThat(new SmtpNotifier(settings).toString()).doesNotContain("hunter2-Secret");
  }

  @Test
  @DisplayName("refuses settings that could hang the worker or put a line break in a header, with CONFIGURATION")
  void validation() {
    assertConfiguration(() -> MailTests.settings(0).build());
    assertConfiguration(() -> MailTests.settings(65_536).build());
    assertConfiguration(() -> MailTests.settings(25).readTimeout(Duration.ZERO).build());
    assertConfiguration(() -> MailTests.settings(25).connectTimeout(Duration.ofMinutes(6)).build());
    assertConfiguration(() -> MailTests.settings(25).fromName("Kent\r\nBcc: x@example.com").build());
    assertConfiguration(() -> SmtpSettings.builder("smtp.force.example", MailTests.NO_REPLY, " ").build());
    assertConfiguration(() -> SmtpSettings.builder("smtp.force.example x", MailTests.NO_REPLY, "Kent Police").build());
    assertConfiguration(() -> new SmtpSettings("smtp.force.example", 587, Optional.of("relay"), Optional.empty(),
        TransportSecurity.STARTTLS, MailTests.NO_REPLY, "Kent Police", "Kent Police", Duration.ofSeconds(1),
        Duration.ofSeconds(1), ZoneId.of("Europe/London"), Locale.UK, Optional.empty()));
  }

  @Test
  @DisplayName("the refusal names the setting but never the password")
  void refusalNamesTheSettingOnly() {
    assertThatThrownBy(() -> MailTests.settings(25).credentials("relay\nx", "hunter2-Secret").build())
        .isInstanceOf(EvidenceException.class)
        .hasMessageContaining("username")
        .hasMessageNotContaining("hunter2-Secret");
  }

  private static void assertConfiguration(ThrowingCallable build) {
    assertThatThrownBy(build).isInstanceOf(EvidenceException.class)
        .extracting("code").isEqualTo(ErrorCode.CONFIGURATION);
  }
}
