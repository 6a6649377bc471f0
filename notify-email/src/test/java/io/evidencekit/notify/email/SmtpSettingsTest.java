package io.evidencekit.notify.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
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

    assertThat(settings.toString()).contains("relay", "password=***").doesNotContain("hunter2-Secret");
    assertThat(new SmtpNotifier(settings).toString()).doesNotContain("hunter2-Secret");
  }

  @Test
  @DisplayName("refuses settings that could hang the worker or put a line break in a header")
  void validation() {
    assertThatThrownBy(() -> MailTests.settings(0).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MailTests.settings(25).readTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MailTests.settings(25).fromName("Kent\r\nBcc: x@example.com").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SmtpSettings.builder("smtp.force.example", MailTests.NO_REPLY, " ").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SmtpSettings.builder("smtp.force.example x", MailTests.NO_REPLY, "Kent Police").build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
