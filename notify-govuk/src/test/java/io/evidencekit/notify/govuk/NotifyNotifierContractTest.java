package io.evidencekit.notify.govuk;

import io.evidencekit.api.ContactPoint;
import io.evidencekit.spi.Notifier;
import io.evidencekit.tck.NotifierContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;

@DisplayName("NotifyNotifier (email and text templates) keeps the Notifier contract")
class NotifyNotifierContractTest extends NotifierContract {
  NotifyFixture fixture;

  @BeforeEach
  void startNotify() {
    fixture = new NotifyFixture();
  }

  @AfterEach
  void stopNotify() {
    fixture.close();
  }

  @Override
  protected Notifier newNotifier() {
    return fixture.notifier(settings().build());
  }

  /** Overridden by the text-only run. */
  NotifySettings.Builder settings() {
    return fixture.settings();
  }

  @Override
  protected Notifier newUnreachableNotifier() {
    return fixture.notifier(settings().baseUrl(closedPort()).build());
  }

  @Override
  protected List<String> deliveredMessagesTo(ContactPoint to) {
    return fixture.notify.messagesTo(to.value());
  }

  @Override
  protected int deliveredMessageCount() {
    return fixture.notify.messageCount();
  }

  @Override
  protected Optional<String> configuredSecret() {
    return Optional.of(fixture.notify.secret());
  }

  static URI closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
