package io.evidencekit.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.evidencekit.api.EmailAddress;
import io.evidencekit.notify.email.ScriptedSmtpServer.Script;
import io.evidencekit.spi.DeliveryReport;
import io.evidencekit.spi.DeliveryReport.Outcome;
import io.evidencekit.tck.notify.SampleNotices;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("SmtpNotifier maps what the server says to DELIVERED, RETRY or REJECTED")
class SmtpFailureMappingTest {
  private static final EmailAddress WITNESS = new EmailAddress("d.smith@public.example");

  @Test
  @DisplayName("SMTP down gives RETRY; once the server is back the same notice is DELIVERED")
  void serverDownThenBack() {
    int port = MailTests.closedPort();
    ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
    var notice = SampleNotices.invitation(WITNESS);
    try (SmtpNotifier notifier = new SmtpNotifier(MailTests.settings(port).build())) {
      GreenMail first = new GreenMail(setup);
      first.start();
      first.stop();

      DeliveryReport whileDown = notifier.send(notice);
      assertThat(whileDown.outcome()).isEqualTo(Outcome.RETRY);
      assertThat(whileDown.detail()).isEqualTo("connection refused");

      GreenMail again = new GreenMail(setup);
      again.start();
      try {
        assertThat(notifier.send(notice).outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(again.waitForIncomingEmail(5_000, 1)).isTrue();
      } finally {
        again.stop();
      }
    }
  }

  @ParameterizedTest(name = "RCPT TO answered \"{0}\" gives {1}")
  @CsvSource({
      "'550 5.1.1 d.smith@public.example: mailbox unavailable', REJECTED",
      "'553 5.1.3 mailbox name not allowed', REJECTED",
      "'450 4.2.0 mailbox busy', RETRY",
      "'451 4.7.1 greylisted, try again later', RETRY",
      "'452 4.2.2 mailbox full', RETRY",
      "'421 4.3.0 shutting down', RETRY"})
  @DisplayName("a reply to RCPT TO maps by its class: 4xx RETRY, 5xx REJECTED")
  void recipientReplies(String reply, Outcome expected) throws Exception {
    DeliveryReport report = sendTo(Script.normal().rcpt(reply));

    assertThat(report.outcome()).isEqualTo(expected);
    assertThat(report.detail()).isEqualTo("smtp " + reply.substring(0, 3)
        + (expected == Outcome.REJECTED ? ": recipient rejected" : ": temporary failure"));
    assertThat(report.providerMessageId()).isEmpty();
  }

  @Test
  @DisplayName("a 421 greeting (server busy) gives RETRY")
  void busyGreeting() throws Exception {
    DeliveryReport report = sendTo(Script.normal().greeting("421 4.3.2 too busy, try later"));
    assertThat(report.outcome()).isEqualTo(Outcome.RETRY);
    assertThat(report.detail()).startsWith("smtp 421");
  }

  @Test
  @DisplayName("a 554 after DATA (content refused) gives REJECTED; a 451 after DATA gives RETRY")
  void dataReplies() throws Exception {
    assertThat(sendTo(Script.normal().data("554 5.7.1 message refused")).outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(sendTo(Script.normal().data("451 4.3.0 local error")).outcome()).isEqualTo(Outcome.RETRY);
  }

  @Test
  @DisplayName("a server that accepts the connection and never answers gives RETRY after the read timeout")
  void silentServer() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer(Script.silence());
        SmtpNotifier notifier = new SmtpNotifier(
            MailTests.settings(server.port()).readTimeout(Duration.ofMillis(300)).build())) {
      DeliveryReport report = notifier.send(SampleNotices.invitation(WITNESS));
      assertThat(report.outcome()).isEqualTo(Outcome.RETRY);
      assertThat(report.detail()).isEqualTo("timed out");
    }
  }

  @Test
  @DisplayName("a scripted server that accepts everything gives DELIVERED with the Message-ID")
  void accepted() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer(Script.normal());
        SmtpNotifier notifier = new SmtpNotifier(MailTests.settings(server.port()).build())) {
      var notice = SampleNotices.invitation(WITNESS);
      DeliveryReport report = notifier.send(notice);
      assertThat(report.outcome()).isEqualTo(Outcome.DELIVERED);
      assertThat(report.providerMessageId()).contains("<" + notice.messageId() + "@force.example>");
      assertThat(server.commands()).anyMatch(c -> c.startsWith("RCPT TO:<d.smith@public.example>"));
    }
  }

  @Test
  @DisplayName("a closed notifier answers RETRY without connecting")
  void closedNotifier() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer(Script.normal())) {
      SmtpNotifier notifier = new SmtpNotifier(MailTests.settings(server.port()).build());
      notifier.close();
      assertThat(notifier.send(SampleNotices.invitation(WITNESS)).outcome()).isEqualTo(Outcome.RETRY);
      assertThat(server.commands()).isEmpty();
    }
  }

  private static DeliveryReport sendTo(Script script) throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer(script);
        SmtpNotifier notifier = new SmtpNotifier(MailTests.settings(server.port()).build())) {
      return notifier.send(SampleNotices.invitation(WITNESS));
    }
  }
}
