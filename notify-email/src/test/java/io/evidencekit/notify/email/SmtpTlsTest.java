package io.evidencekit.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.DummySSLSocketFactory;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.evidencekit.api.EmailAddress;
import io.evidencekit.spi.DeliveryReport;
import io.evidencekit.spi.DeliveryReport.Outcome;
import io.evidencekit.tck.notify.SampleNotices;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("SmtpNotifier over TLS")
class SmtpTlsTest {
  private static final EmailAddress WITNESS = new EmailAddress("d.smith@public.example");

  @RegisterExtension
  static final GreenMailExtension greenMail =
      new GreenMailExtension(new com.icegreen.greenmail.util.ServerSetup[] {
          PatientServerSetup.of(ServerSetupTest.SMTP), PatientServerSetup.of(ServerSetupTest.SMTPS)});

  @Test
  @DisplayName("SMTPS checks the server's name even when the trust store accepts its certificate")
  void smtpsChecksServerIdentity() {
    // GreenMail's self-signed certificate names no host; its trust-all factory accepts the chain, so
    // only the host-name check stands between us and a server that merely holds some trusted certificate.
    SmtpSettings settings = MailTests.settings(greenMail.getSmtps().getPort())
        .security(TransportSecurity.SMTPS)
        .sslSocketFactory(new DummySSLSocketFactory())
        .build();
    DeliveryReport report;
    try (SmtpNotifier notifier = new SmtpNotifier(settings)) {
      report = notifier.send(SampleNotices.invitation(WITNESS));
    }
    assertThat(report.outcome()).isEqualTo(Outcome.RETRY);
    assertThat(report.detail()).isEqualTo("TLS failed");
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  @DisplayName("STARTTLS is required: a server that does not offer it gets nothing in plain text, and the report is RETRY")
  void starttlsNeverDowngrades() {
    SmtpSettings settings = MailTests.settings(greenMail.getSmtp().getPort())
        .security(TransportSecurity.STARTTLS)
        .build();
    try (SmtpNotifier notifier = new SmtpNotifier(settings)) {
      assertThat(notifier.send(SampleNotices.invitation(WITNESS)).outcome()).isEqualTo(Outcome.RETRY);
    }
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }
}
