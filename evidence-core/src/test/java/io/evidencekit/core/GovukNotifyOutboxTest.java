package io.evidencekit.core;

import static io.evidencekit.core.testing.TestData.WRIGHT;
import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.Delivery;
import io.evidencekit.api.DeliveryState;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.core.testing.DatabaseKind;
import io.evidencekit.notify.govuk.FakeNotify;
import io.evidencekit.notify.govuk.NotifyNotifier;
import io.evidencekit.notify.govuk.NotifySettings;
import io.evidencekit.spi.Channel;
import io.evidencekit.spi.DeliveryStatus;
import io.evidencekit.spi.Notifier;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine's outbox with the GOV.UK Notify plugin, through the official client, against notify-govuk's
 * fake Notify: Notify's own failures, limits and statuses, on the test's clock.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("The outbox sending through GOV.UK Notify")
class GovukNotifyOutboxTest extends DeliveryTestBase {
  private static final String MOBILE = "+447700900123";
  private static final String EMAIL = "d.smith@example.org";

  private final FakeNotify notify = new FakeNotify(clock);
  private final List<String> alarms = new CopyOnWriteArrayList<>();
  private final NotifyNotifier notifier = NotifyNotifier.builder(NotifySettings.builder(notify.apiKey(), "Kent Police")
          .baseUrl(notify.baseUrl())
          .invitationTemplate(Channel.SMS, notify.addSuggestedTemplate("invitation-sms.txt"))
          .invitationTemplate(Channel.EMAIL, notify.addSuggestedTemplate("invitation-email.txt"))
          .submissionTemplate(Channel.EMAIL, notify.addSuggestedTemplate("submission-email.txt"))
          .connectTimeout(Duration.ofSeconds(2))
          .readTimeout(Duration.ofSeconds(2))
          .build())
      .clock(clock)
      .alarm(alarms::add)
      .build();

  @Override
  protected List<Notifier> notifiers() {
    return List.of(notifier);
  }

  @AfterEach
  void stopNotify() {
    notifier.close();
    notify.close();
  }

  private EvidenceRequest invited() {
    EvidenceRequest request = requestToBoth();
    engine.officers().issueInvitation(WRIGHT, request.id(), "initial request");
    return request;
  }

  @Test
  @DisplayName("with Notify down for a while, and one answer lost after Notify took the message, each message reaches Notify exactly once")
  void notifyDownForAWhile() {
    EvidenceRequest request = invited();
    for (int i = 0; i < 4; i++) {
      notify.failNextRaw(503, "<html><body>503 Service Temporarily Unavailable</body></html>");
    }
    notify.acceptThenHangNextSend();
    for (int pass = 0; pass < 8 && engine.operations().pendingNotifications() > 0; pass++) {
      engine.operations().deliverPendingNotifications();
      clock.advance(Duration.ofMinutes(2));
    }
    for (int pass = 0; pass < 3; pass++) {
      engine.operations().deliverPendingNotifications();
      clock.advance(Duration.ofMinutes(5));
    }

    assertThat(engine.operations().pendingNotifications()).isZero();
    assertThat(notify.messageCount()).isEqualTo(2);
    assertThat(notify.messagesTo(EMAIL)).hasSize(1);
    assertThat(notify.messagesTo(MOBILE)).singleElement().asString()
        .contains("Hello D Smith").contains("Replies to this message are not monitored.");
    assertThat(deliveries(request)).allSatisfy(d -> {
      assertThat(d.state()).isEqualTo(DeliveryState.ACCEPTED);
      assertThat(d.attempts()).isGreaterThan(1);
      assertThat(notify.status(UUID.fromString(d.providerMessageId().orElseThrow()))).isNotNull();
    });
    assertThat(events(request, CustodyAction.INVITATION_SENT)).hasSize(2);
    assertThat(events(request, CustodyAction.INVITATION_DELIVERY_FAILED)).isEmpty();
  }

  @Test
  @DisplayName("Notify's rate limit (429) slows the outbox down for a minute without counting an attempt or failing a message")
  void rateLimitSlowsDown() {
    EvidenceRequest request = invited();
    notify.failNextSend(429, "RateLimitError", "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds");

    assertThat(engine.operations().deliverPendingNotifications()).isZero();
    assertThat(engine.operations().deliveryHolds()).extracting(h -> h.channel())
        .containsExactlyInAnyOrder(Channel.EMAIL, Channel.SMS);
    assertThat(deliveries(request)).extracting(Delivery::attempts).containsOnly(0);
    clock.advance(Duration.ofSeconds(30));
    assertThat(engine.operations().deliverPendingNotifications()).isZero();
    assertThat(notify.messageCount()).isZero();

    clock.advance(Duration.ofSeconds(31));
    assertThat(engine.operations().deliverPendingNotifications()).isEqualTo(2);
    assertThat(notify.messageCount()).isEqualTo(2);
    assertThat(deliveries(request)).extracting(Delivery::attempts).containsOnly(1);
    assertThat(engine.operations().deliveryHolds()).isEmpty();
  }

  @Test
  @DisplayName("Notify's statuses are followed by checks: delivered by email, a permanent failure by text shown to the officer, each recorded once")
  void statusesFollowed() {
    notify.outcomeFor(MOBILE, "permanent-failure");
    EvidenceRequest request = invited();
    assertThat(engine.operations().deliverPendingNotifications()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(10));
    assertThat(engine.operations().checkDeliveryStatus()).isEqualTo(2);
    clock.advance(Duration.ofMinutes(2));
    assertThat(engine.operations().checkDeliveryStatus()).isEqualTo(2);
    assertThat(engine.operations().checkDeliveryStatus()).isZero();

    assertThat(only(request, Channel.EMAIL).delivered()).isTrue();
    Delivery text = only(request, Channel.SMS);
    assertThat(text.failed()).isTrue();
    assertThat(text.status()).contains(DeliveryStatus.PERMANENT_FAILURE);
    assertThat(events(request, CustodyAction.DELIVERY_STATUS_CHANGED))
        .filteredOn(e -> e.details().get("channel").equals("SMS"))
        .extracting(e -> e.details().get("providerStatus")).containsExactly("sending", "permanent-failure");
  }

  @Test
  @DisplayName("a revoked API key (403) raises the plugin's alarm once and fails no message; once fixed, everything goes")
  void revokedKey() {
    EvidenceRequest request = invited();
    notify.failNext(403, "AuthError", "Invalid token: API key not found");
    assertThat(engine.operations().deliverPendingNotifications()).isZero();
    assertThat(alarms).hasSize(1);
    assertThat(engine.operations().deliveryHolds()).allSatisfy(h -> assertThat(h.misconfigured()).isTrue());
    assertThat(deliveries(request)).extracting(Delivery::attempts).containsOnly(0);

    clock.advance(Duration.ofMinutes(11));
    assertThat(engine.operations().deliverPendingNotifications()).isEqualTo(2);
    assertThat(engine.operations().deliveryHolds()).isEmpty();
    assertThat(notify.messageCount()).isEqualTo(2);
  }
}
