package io.evidencekit.core;

import static io.evidencekit.core.testing.TestData.WRIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.Delivery;
import io.evidencekit.api.DeliveryState;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.core.testing.DatabaseKind;
import io.evidencekit.spi.Channel;
import io.evidencekit.spi.DeliveryListener;
import io.evidencekit.spi.DeliveryStatus;
import io.evidencekit.spi.DeliveryUpdate;
import io.evidencekit.spi.InvitationNotice;
import io.evidencekit.spi.Notification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("Delivery status after the backend accepted a message")
class DeliveryStatusTest extends DeliveryTestBase {

  /** Issues a link by text message only and has the backend accept it; returns the message id. */
  private UUID textSent(EvidenceRequest request) {
    engine.officers().issueInvitation(WRIGHT, request.id(), "initial request", Set.of(Channel.SMS));
    assertThat(engine.operations().deliverPendingNotifications()).isEqualTo(1);
    return only(request, Channel.SMS).messageId();
  }

  private DeliveryListener receipts() {
    return engine.deliveryReceipts();
  }

  @Test
  @DisplayName("status checks record each change once, and a permanent failure (a bad number) is shown to the officer and asked about no more")
  void pollingRecordsChangesOnce() {
    EvidenceRequest request = requestToBoth();
    UUID message = textSent(request);
    Delivery accepted = only(request, Channel.SMS);
    assertThat(accepted.state()).isEqualTo(DeliveryState.ACCEPTED);
    assertThat(accepted.status()).isEmpty();
    assertThat(accepted.failed()).isFalse();

    assertThat(engine.operations().checkDeliveryStatus()).isEqualTo(1);
    assertThat(engine.operations().checkDeliveryStatus()).as("the same status again is not news").isZero();
    backend.moveTo(message, DeliveryStatus.SENDING, START.plusSeconds(5));
    assertThat(engine.operations().checkDeliveryStatus()).isEqualTo(1);
    backend.moveTo(message, DeliveryStatus.PERMANENT_FAILURE, START.plusSeconds(60));
    assertThat(engine.operations().checkDeliveryStatus()).isEqualTo(1);
    int queries = backend.statusQueries();
    assertThat(engine.operations().checkDeliveryStatus()).isZero();
    assertThat(backend.statusQueries()).as("a final status is not asked about again").isEqualTo(queries);

    Delivery failed = only(request, Channel.SMS);
    assertThat(failed.status()).contains(DeliveryStatus.PERMANENT_FAILURE);
    assertThat(failed.failed()).isTrue();
    assertThat(failed.delivered()).isFalse();
    List<CustodyEvent> changes = events(request, CustodyAction.DELIVERY_STATUS_CHANGED);
    assertThat(changes).extracting(e -> e.details().get("status")).containsExactly("QUEUED", "SENDING", "PERMANENT_FAILURE");
    assertThat(changes.get(2).details())
        .containsEntry("message", message.toString())
        .containsEntry("channel", "SMS")
        .containsEntry("providerMessageId", backend.providerId(message))
        .containsEntry("providerStatus", "permanent-failure")
        .containsEntry("statusAt", START.plusSeconds(60).toString())
        .containsEntry("via", "status check")
        .containsEntry("next", "not sent again")
        .containsKey("invitation");
    assertThat(changes.get(2).actor().id()).isEqualTo("system:delivery-status");
    assertThat(backend.accepted()).as("a bad number is not tried again").hasSize(1);
  }

  @Test
  @DisplayName("a delivery receipt is recorded once however often it comes, and a status older than a final one is ignored")
  void receiptsAreIdempotent() {
    EvidenceRequest request = requestToBoth();
    UUID message = textSent(request);
    DeliveryUpdate delivered = backend.update(message, DeliveryStatus.DELIVERED, START.plusSeconds(40));
    long before = engine.custody().size();

    for (int i = 0; i < 3; i++) {
      receipts().delivery(delivered);
    }
    receipts().delivery(backend.update(message, DeliveryStatus.SENDING, START.plusSeconds(5)));

    assertThat(engine.custody().size()).isEqualTo(before + 1);
    List<CustodyEvent> changes = events(request, CustodyAction.DELIVERY_STATUS_CHANGED);
    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).details()).containsEntry("status", "DELIVERED").containsEntry("via", "delivery receipt")
        .doesNotContainKey("next");
    assertThat(only(request, Channel.SMS).delivered()).isTrue();
    int queries = backend.statusQueries();
    assertThat(engine.operations().checkDeliveryStatus()).isZero();
    assertThat(backend.statusQueries()).as("a message with a final status is not followed").isEqualTo(queries);
  }

  @Test
  @DisplayName("receipts for the same news arriving at once on many threads are recorded once")
  void concurrentReceipts() throws Exception {
    EvidenceRequest request = requestToBoth();
    UUID message = textSent(request);
    DeliveryUpdate delivered = backend.update(message, DeliveryStatus.DELIVERED, START.plusSeconds(40));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        done.add(pool.submit(() -> {
          go.await();
          receipts().delivery(delivered);
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(events(request, CustodyAction.DELIVERY_STATUS_CHANGED)).hasSize(1);
  }

  @Test
  @DisplayName("a temporary failure is sent again under the same message id and link, and the new attempt is followed")
  void temporaryFailureIsResent() {
    EvidenceRequest request = requestToBoth();
    UUID message = textSent(request);
    String firstProviderId = backend.providerId(message);
    receipts().delivery(backend.update(message, DeliveryStatus.TEMPORARY_FAILURE, START.plusSeconds(60)));

    Delivery waiting = only(request, Channel.SMS);
    assertThat(waiting.state()).isEqualTo(DeliveryState.PENDING);
    assertThat(waiting.failed()).isFalse();
    assertThat(events(request, CustodyAction.DELIVERY_STATUS_CHANGED).get(0).details())
        .containsEntry("status", "TEMPORARY_FAILURE").containsEntry("next", "send again");

    clock.advance(Duration.ofMinutes(1));
    assertThat(engine.operations().deliverPendingNotifications()).isEqualTo(1);
    List<Notification> sent = backend.accepted();
    assertThat(sent).hasSize(2).extracting(Notification::messageId).containsOnly(message);
    assertThat(((InvitationNotice) sent.get(1)).link()).isEqualTo(((InvitationNotice) sent.get(0)).link());
    String secondProviderId = backend.providerId(message);
    assertThat(secondProviderId).isNotEqualTo(firstProviderId);

    Delivery again = only(request, Channel.SMS);
    assertThat(again.state()).isEqualTo(DeliveryState.ACCEPTED);
    assertThat(again.providerMessageId()).contains(secondProviderId);
    assertThat(again.status()).as("news about the earlier attempt is not this one's").isEmpty();
    receipts().delivery(backend.update(message, DeliveryStatus.DELIVERED, START.plusSeconds(200)));
    assertThat(only(request, Channel.SMS).delivered()).isTrue();
  }

  @Test
  @DisplayName("a message that keeps failing temporarily is sent again a bounded number of times, then shown as failed")
  void resendsAreBounded() {
    EvidenceRequest request = requestToBoth();
    UUID message = textSent(request);
    for (int i = 0; i < 5; i++) {
      if (only(request, Channel.SMS).state() == DeliveryState.ACCEPTED) {
        receipts().delivery(backend.update(message, DeliveryStatus.TECHNICAL_FAILURE, clock.instant()));
      }
      clock.advance(Duration.ofMinutes(5));
      engine.operations().deliverPendingNotifications();
    }
    assertThat(backend.accepted()).hasSize(3);
    Delivery last = only(request, Channel.SMS);
    assertThat(last.failed()).isTrue();
    assertThat(last.status()).contains(DeliveryStatus.TECHNICAL_FAILURE);
    assertThat(events(request, CustodyAction.DELIVERY_STATUS_CHANGED)).extracting(e -> e.details().get("next"))
        .containsExactly("send again", "send again", "not sent again: every resend used");
  }

  @Test
  @DisplayName("a temporary failure of a link that has since been revoked is not sent again")
  void revokedLinkIsNotResent() {
    EvidenceRequest request = requestToBoth();
    UUID message = textSent(request);
    var invitation = engine.officers().invitations(WRIGHT, request.id(), "check").get(0);
    engine.officers().revokeInvitation(WRIGHT, request.id(), invitation.id(), "sent to the wrong person");
    receipts().delivery(backend.update(message, DeliveryStatus.TEMPORARY_FAILURE, START.plusSeconds(60)));
    clock.advance(Duration.ofMinutes(5));
    engine.operations().deliverPendingNotifications();
    assertThat(backend.accepted()).hasSize(1);
    assertThat(events(request, CustodyAction.DELIVERY_STATUS_CHANGED).get(0).details())
        .containsEntry("next", "not sent again: the link ended");
  }

  @Test
  @DisplayName("the sealed link token is kept while a resend may be needed and erased once the status is final")
  void sealedTokenErasedWhenFinal() throws SQLException {
    EvidenceRequest request = requestToBoth();
    UUID message = textSent(request);
    assertThat(sealedSecretPresent(message)).isTrue();
    receipts().delivery(backend.update(message, DeliveryStatus.DELIVERED, START.plusSeconds(60)));
    assertThat(sealedSecretPresent(message)).isFalse();
  }

  @Test
  @DisplayName("a backend that cannot tell (or no longer knows the message) is asked once, and the message is followed no more")
  void notifierThatCannotTell() throws SQLException {
    EvidenceRequest request = requestToBoth();
    UUID message = textSent(request);
    backend.forget(message);
    assertThat(engine.operations().checkDeliveryStatus()).isZero();
    int queries = backend.statusQueries();
    clock.advance(Duration.ofHours(1));
    assertThat(engine.operations().checkDeliveryStatus()).isZero();
    assertThat(backend.statusQueries()).isEqualTo(queries);
    assertThat(sealedSecretPresent(message)).isFalse();
    assertThat(only(request, Channel.SMS).state()).isEqualTo(DeliveryState.ACCEPTED);
  }

  @Test
  @DisplayName("a receipt that overtakes the record of the send is refused, so the backend sends it again later")
  void receiptBeforeAcceptanceIsRefused() {
    EvidenceRequest request = requestToBoth();
    engine.officers().issueInvitation(WRIGHT, request.id(), "initial request", Set.of(Channel.SMS));
    UUID message = only(request, Channel.SMS).messageId();
    DeliveryUpdate early = new DeliveryUpdate("not-recorded-yet", Optional.of(message), Optional.of(Channel.SMS),
        DeliveryStatus.DELIVERED, "delivered", START);
    assertThatThrownBy(() -> receipts().delivery(early))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.NOTIFICATION_FAILED);
  }

  @Test
  @DisplayName("a receipt about a message this engine never sent changes nothing and is not refused")
  void unknownReceiptIgnored() {
    requestToBoth();
    long before = engine.custody().size();
    receipts().delivery(new DeliveryUpdate(UUID.randomUUID().toString(), Optional.of(UUID.randomUUID()),
        Optional.of(Channel.SMS), DeliveryStatus.DELIVERED, "delivered", START));
    assertThat(engine.custody().size()).isEqualTo(before);
  }

  private boolean sealedSecretPresent(UUID message) throws SQLException {
    try (Connection c = dataSource().getConnection();
         PreparedStatement s = c.prepareStatement("SELECT sealed_secret FROM outbox WHERE id = ?")) {
      s.setObject(1, message);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getBytes(1) != null;
      }
    }
  }
}
