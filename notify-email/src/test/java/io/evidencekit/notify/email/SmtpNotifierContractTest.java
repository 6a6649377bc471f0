package io.evidencekit.notify.email;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.evidencekit.api.ContactPoint;
import io.evidencekit.spi.Notifier;
import io.evidencekit.tck.NotifierContract;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("SmtpNotifier keeps the Notifier contract")
class SmtpNotifierContractTest extends NotifierContract {
  private static final String PASSWORD = "s3cret-Relay-Pa55";

  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(PatientServerSetup.of(ServerSetupTest.SMTP));

  @BeforeEach
  void relayAccount() {
    greenMail.setUser("relay@force.example", "relay", PASSWORD);
  }

  @Override
  protected Notifier newNotifier() {
    return new SmtpNotifier(MailTests.settings(greenMail.getSmtp().getPort()).credentials("relay", PASSWORD).build());
  }

  @Override
  protected Notifier newUnreachableNotifier() {
    return new SmtpNotifier(MailTests.settings(MailTests.closedPort()).build());
  }

  @Override
  protected List<String> deliveredMessagesTo(ContactPoint to) {
    return greenMail.findReceivedMessages(user -> user.getEmail().equalsIgnoreCase(to.value()), message -> true)
        .map(MailTests::readable)
        .toList();
  }

  @Override
  protected int deliveredMessageCount() {
    return greenMail.getReceivedMessages().length;
  }

  @Override
  protected Optional<String> configuredSecret() {
    return Optional.of(PASSWORD);
  }
}
