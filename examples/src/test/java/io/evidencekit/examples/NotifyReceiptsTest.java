package io.evidencekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.Actor;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.Delivery;
import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.NewEvidenceRequest;
import io.evidencekit.api.PhoneNumber;
import io.evidencekit.api.Recipient;
import io.evidencekit.api.RequestingOfficer;
import io.evidencekit.core.EvidenceEngine;
import io.evidencekit.notify.govuk.FakeNotify;
import io.evidencekit.notify.govuk.NotifyCallbackServlet;
import io.evidencekit.notify.govuk.NotifyNotifier;
import io.evidencekit.notify.govuk.NotifySettings;
import io.evidencekit.spi.Channel;
import io.evidencekit.spi.DeliveryStatus;
import io.evidencekit.storage.fs.FilesystemBlobStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a host wires Notify's delivery receipts into the engine: the callback servlet given the engine's receipts role. */
@DisplayName("GOV.UK Notify's delivery receipts in a host")
class NotifyReceiptsTest {
  private static final String TOKEN = "callback-token-the-force-set-in-notify";
  private static final Actor.Officer WRIGHT = Actor.Officer.of("pc-4471", "Wright, D.");

  @Test
  @DisplayName("receipts posted to the callback servlet mounted with engine.deliveryReceipts() are recorded, and a bad number shows to the officer")
  void receiptsRecorded(@TempDir Path dir) throws Exception {
    MovableClock notifyTime = new MovableClock(Instant.now());
    Server server = new Server();
    try (FakeNotify notify = new FakeNotify(notifyTime);
         FilesystemBlobStore blobs = new FilesystemBlobStore(dir.resolve("blobs"));
         NotifyNotifier notifier = new NotifyNotifier(NotifySettings.builder(notify.apiKey(), "Kent Police")
             .baseUrl(notify.baseUrl())
             .invitationTemplate(Channel.SMS, notify.addSuggestedTemplate("invitation-sms.txt"))
             .invitationTemplate(Channel.EMAIL, notify.addSuggestedTemplate("invitation-email.txt"))
             .build());
         EvidenceEngine engine = EvidenceEngine.builder()
             .embeddedDatabase(dir.resolve("db"))
             .blobStore(blobs)
             .notifier(notifier)
             .forceCode("46")
             .portalLinkBase(URI.create("https://evidence.kent.police.example/r/"))
             .manualDelivery()
             .build()) {
      ServerConnector connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      server.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler("/");
      context.addServlet(new ServletHolder(new NotifyCallbackServlet(TOKEN, engine.deliveryReceipts())), "/notify/receipts");
      server.setHandler(context);
      server.start();
      URI callback = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/notify/receipts");

      notify.outcomeFor("+447700900123", "permanent-failure");
      EvidenceRequest request = engine.officers().createRequest(WRIGHT, new NewEvidenceRequest("Burglary, 14 High Street",
          "CCTV from 01:00 to 03:00 on 3 May.",
          new RequestingOfficer("pc-4471", "Wright, D.", new EmailAddress("d.wright@kent.police.example"),
              new PhoneNumber("+441622690690")),
          new Recipient("D Smith", Optional.of(new EmailAddress("d.smith@example.org")),
              Optional.of(PhoneNumber.ukMobile("07700 900123")))));
      engine.officers().issueInvitation(WRIGHT, request.id(), "initial request");
      assertThat(engine.operations().deliverPendingNotifications()).isEqualTo(2);

      notifyTime.advance(Duration.ofMinutes(2));
      assertThat(notify.deliverReceipts(callback, TOKEN)).containsExactly(200, 200);

      List<Delivery> deliveries = engine.officers().deliveries(WRIGHT, request.id(), "check the link went out");
      assertThat(deliveries).filteredOn(d -> d.channel() == Channel.EMAIL).singleElement()
          .satisfies(d -> assertThat(d.delivered()).isTrue());
      assertThat(deliveries).filteredOn(d -> d.channel() == Channel.SMS).singleElement().satisfies(d -> {
        assertThat(d.failed()).isTrue();
        assertThat(d.status()).contains(DeliveryStatus.PERMANENT_FAILURE);
      });
      assertThat(engine.officers().custodyEvents(WRIGHT, request.id(), "check custody"))
          .filteredOn(e -> e.action() == CustodyAction.DELIVERY_STATUS_CHANGED)
          .allSatisfy(e -> assertThat(e.details()).containsEntry("via", "delivery receipt"))
          .hasSize(2);
    } finally {
      server.stop();
    }
  }

  /** A clock the test moves, for the fake Notify's statuses. Thread-safe. */
  private static final class MovableClock extends Clock {
    private final AtomicReference<Instant> now;

    MovableClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void advance(Duration by) {
      now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("UTC only");
    }
  }
}
