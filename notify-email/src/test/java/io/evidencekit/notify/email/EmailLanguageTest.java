package io.evidencekit.notify.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.spi.DeliveryReport;
import io.evidencekit.spi.DeliveryReport.Outcome;
import io.evidencekit.spi.Notification;
import io.evidencekit.tck.notify.SampleNotices;
import jakarta.mail.internet.MimeMessage;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Welsh bundle used here is a test resource (src/test/resources/.../Messages_cy.properties): a
 * properties file on the class path and a locale in the settings, nothing else.
 */
@DisplayName("The emails' words come from a message bundle chosen by the settings' locale")
class EmailLanguageTest {
  private static final EmailAddress WITNESS = new EmailAddress("d.smith@public.example");
  private static final Locale WELSH = Locale.forLanguageTag("cy");

  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(PatientServerSetup.of(ServerSetupTest.SMTP));

  @Test
  @DisplayName("a force translates by adding a bundle file: subject, body, dates and counts read in Welsh")
  void welsh() throws Exception {
    MimeMessage message = deliver(WELSH, SampleNotices.invitation(WITNESS));

    assertThat(message.getSubject()).isEqualTo("Cais am dystiolaeth 46/00042/24 gan Kent Police");
    assertThat(MailTests.text(message))
        .contains("Mae'r ddolen yn ddilys am 10 diwrnod\n")
        .contains("Mae'n dod i ben am 14:02 GMT ar Dydd Iau 14 Mawrth 2024.\n")
        .contains("Disgrifiad\n" + SampleNotices.DESCRIPTION)
        .endsWith("Nid yw atebion i'r neges hon yn cael eu monitro.\n")
        .doesNotContain("not monitored", "valid for", "Thursday");
    assertThat(MailTests.html(message))
        .contains("<html lang=\"cy\">", "Mae&#39;r ddolen yn ddilys am 10 diwrnod", "<h2>Disgrifiad</h2>");
  }

  @Test
  @DisplayName("a key the translation leaves out is taken from the English bundle")
  void untranslatedKeysFallBackToEnglish() throws Exception {
    MimeMessage message = deliver(WELSH, SampleNotices.invitation(WITNESS));

    assertThat(MailTests.text(message)).startsWith("Hello D Smith, D. Wright has requested evidence from you.");
  }

  @Test
  @DisplayName("a locale with no bundle gets the English words, dates and lang, whatever the JVM's default locale")
  void noBundleMeansEnglish() throws Exception {
    // With ResourceBundle's usual fallback, German would find the default locale's (Welsh) bundle.
    Locale before = Locale.getDefault();
    MimeMessage message;
    try {
      Locale.setDefault(WELSH);
      message = deliver(Locale.GERMANY, SampleNotices.invitation(WITNESS));
    } finally {
      Locale.setDefault(before);
    }

    assertThat(message.getSubject()).isEqualTo("Evidence request 46/00042/24 from Kent Police");
    assertThat(MailTests.text(message)).contains("It expires at 14:02 GMT on Thursday 14 March 2024.");
    assertThat(MailTests.html(message)).contains("<html lang=\"en-GB\">");
  }

  @Test
  @DisplayName("the default is British English")
  void defaultLocale() {
    assertThat(MailTests.settings(25).build().locale()).isEqualTo(Locale.UK);
  }

  @Test
  @DisplayName("a translation with a broken pattern is refused when the notifier is built, with CONFIGURATION")
  void brokenPattern() {
    SmtpSettings settings = MailTests.settings(25).locale(Locale.forLanguageTag("zz")).build();

    assertThatThrownBy(() -> new SmtpNotifier(settings))
        .isInstanceOf(EvidenceException.class)
        .hasMessageContaining("invitation.subject")
        .extracting("code").isEqualTo(ErrorCode.CONFIGURATION);
  }

  @Test
  @DisplayName("a translation with a key the emails do not use (a misspelling) is refused with CONFIGURATION")
  void unknownKey() {
    SmtpSettings settings = MailTests.settings(25).locale(Locale.forLanguageTag("zx")).build();

    assertThatThrownBy(() -> new SmtpNotifier(settings))
        .isInstanceOf(EvidenceException.class)
        .hasMessageContaining("invitation.subjekt")
        .extracting("code").isEqualTo(ErrorCode.CONFIGURATION);
  }

  private MimeMessage deliver(Locale locale, Notification notice) {
    DeliveryReport report;
    try (SmtpNotifier notifier = new SmtpNotifier(MailTests.settings(greenMail.getSmtp().getPort()).locale(locale).build())) {
      report = notifier.send(notice);
    }
    assertThat(report.outcome()).as(report.detail()).isEqualTo(Outcome.DELIVERED);
    assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
    return greenMail.getReceivedMessages()[0];
  }
}
