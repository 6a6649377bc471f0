package io.evidencekit.core;

import static io.evidencekit.core.testing.TestData.WRIGHT;
import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.Delivery;
import io.evidencekit.api.DeliveryHold;
import io.evidencekit.api.DeliveryState;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.core.notify.DeliveryPolicy;
import io.evidencekit.core.testing.DatabaseKind;
import io.evidencekit.core.testing.ScriptedNotifier;
import io.evidencekit.spi.Channel;
import io.evidencekit.spi.DeliveryReport;
import io.evidencekit.spi.Notification;
import java.time.Duration;
import java.time.Instant;
import io.evidencekit.spi.Notifier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("The outbox with a backend that is down, over its limit or misconfigured")
class NotifierHoldTest extends DeliveryTestBase {
  /** Gives up after 30 minutes of failures, so a hold longer than that shows it fails nothing. */
  private static final DeliveryPolicy SHORT = new DeliveryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(2),
      Duration.ofMinutes(30), Duration.ofSeconds(1));

  @Test
  @DisplayName("with the backend down for a while nothing is lost: each message is accepted exactly once, under the id it had from the start")
  void downForAWhile() {
    EvidenceRequest request = requestToBoth();
    engine.officers().issueInvitation(WRIGHT, request.id(), "initial request");
    backend.down(true);
    for (int i = 0; i < 6; i++) {
      assertThat(engine.operations().deliverPendingNotifications()).isZero();
      clock.advance(Duration.ofMinutes(2));
    }
    assertThat(backend.attempts()).hasSize(12);
    assertThat(deliveries(request)).allSatisfy(d -> {
      assertThat(d.state()).isEqualTo(DeliveryState.PENDING);
      assertThat(d.attempts()).isEqualTo(6);
    });

    backend.down(false);
    clock.advance(Duration.ofMinutes(10));
    assertThat(engine.operations().deliverPendingNotifications()).isEqualTo(2);
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofMinutes(10));
      assertThat(engine.operations().deliverPendingNotifications()).isZero();
    }

    assertThat(backend.accepted()).hasSize(2).extracting(Notification::channel)
        .containsExactlyInAnyOrder(Channel.EMAIL, Channel.SMS);
    Map<Channel, UUID> idByChannel = backend.accepted().stream()
        .collect(Collectors.toMap(Notification::channel, Notification::messageId));
    assertThat(backend.attempts()).allSatisfy(a ->
        assertThat(a.notification().messageId()).isEqualTo(idByChannel.get(a.notification().channel())));
    assertThat(deliveries(request)).allSatisfy(d -> {
      assertThat(d.state()).isEqualTo(DeliveryState.ACCEPTED);
      assertThat(d.messageId()).isEqualTo(idByChannel.get(d.channel()));
      assertThat(d.providerMessageId()).contains(backend.providerId(d.messageId()));
      assertThat(d.attempts()).isEqualTo(7);
    });
    assertThat(events(request, CustodyAction.INVITATION_SENT)).hasSize(2)
        .allSatisfy(e -> assertThat(e.details()).containsKey("providerMessageId").containsEntry("attempts", "7"));
    assertThat(engine.operations().pendingNotifications()).isZero();
  }

  @Test
  @DisplayName("a backend's limit holds every channel it carries until the time it gave, counts no attempt and fails no message")
  void rateLimitSlowsDown() {
    engine = newEngine(b -> b.deliveryPolicy(SHORT));
    EvidenceRequest request = requestToBoth();
    engine.officers().issueInvitation(WRIGHT, request.id(), "initial request");
    backend.answerNext(DeliveryReport.retryAfter("daily limit reached", Duration.ofHours(2)));

    assertThat(engine.operations().deliverPendingNotifications()).isZero();
    // The first message met the limit; the second, on the other channel of the same backend, was not tried.
    assertThat(backend.attempts()).hasSize(1);
    Instant since = clock.instant();
    assertThat(engine.operations().deliveryHolds()).extracting(DeliveryHold::channel)
        .containsExactlyInAnyOrder(Channel.EMAIL, Channel.SMS);
    assertThat(engine.operations().deliveryHolds()).allSatisfy(h -> {
      assertThat(h.misconfigured()).isFalse();
      assertThat(h.until()).isEqualTo(since.plus(Duration.ofHours(2)));
      assertThat(h.detail()).isEqualTo("daily limit reached");
    });

    for (int i = 0; i < 11; i++) {
      clock.advance(Duration.ofMinutes(10));
      assertThat(engine.operations().deliverPendingNotifications()).isZero();
    }
    assertThat(backend.attempts()).hasSize(1);
    assertThat(deliveries(request)).allSatisfy(d -> {
      assertThat(d.state()).isEqualTo(DeliveryState.PENDING);
      assertThat(d.attempts()).isZero();
    });

    clock.advance(Duration.ofMinutes(10));
    assertThat(engine.operations().deliverPendingNotifications()).isEqualTo(2);
    assertThat(deliveries(request)).allSatisfy(d -> {
      assertThat(d.state()).isEqualTo(DeliveryState.ACCEPTED);
      assertThat(d.attempts()).isEqualTo(1);
    });
    assertThat(engine.operations().deliveryHolds()).isEmpty();
    assertThat(events(request, CustodyAction.INVITATION_DELIVERY_FAILED)).isEmpty();
  }

  @Test
  @DisplayName("a hold one engine sets is respected by another engine on the same database")
  void holdIsShared() {
    byte[] key = new byte[32];
    key[0] = 9;
    engine = newEngine(b -> b.outboxKey(key));
    EvidenceEngine other = newEngine(b -> b.outboxKey(key));
    EvidenceRequest request = requestToBoth();
    engine.officers().issueInvitation(WRIGHT, request.id(), "initial request");
    backend.answerNext(DeliveryReport.retryAfter("rate limit", Duration.ofMinutes(1)));
    engine.operations().deliverPendingNotifications();

    assertThat(other.operations().deliveryHolds()).hasSize(2);
    assertThat(other.operations().deliverPendingNotifications()).isZero();
    assertThat(backend.attempts()).hasSize(1);
    clock.advance(Duration.ofSeconds(61));
    assertThat(other.operations().deliverPendingNotifications()).isEqualTo(2);
  }

  @Test
  @DisplayName("a misconfigured notifier holds its channels as one episode, probed now and then, failing no message until it is fixed")
  void misconfigurationFailsNothing() {
    engine = newEngine(b -> b.deliveryPolicy(SHORT));
    EvidenceRequest request = requestToBoth();
    engine.officers().issueInvitation(WRIGHT, request.id(), "initial request");
    backend.answerNext(DeliveryReport.misconfigured("notify 403: API key revoked"),
        DeliveryReport.misconfigured("notify 403: API key revoked"),
        DeliveryReport.misconfigured("notify 403: API key revoked"));

    engine.operations().deliverPendingNotifications();
    Instant began = clock.instant();
    for (int i = 0; i < 2; i++) {
      clock.advance(Duration.ofMinutes(1));
      engine.operations().deliverPendingNotifications();
      assertThat(backend.attempts()).as("no probe before the interval").hasSize(i + 1);
      clock.advance(Duration.ofMinutes(1).plusSeconds(1));
      engine.operations().deliverPendingNotifications();
      assertThat(backend.attempts()).as("one probe per interval, never the whole queue").hasSize(i + 2);
      assertThat(engine.operations().deliveryHolds()).hasSize(2).allSatisfy(h -> {
        assertThat(h.misconfigured()).isTrue();
        assertThat(h.since()).as("the same episode").isEqualTo(began);
        assertThat(h.detail()).isEqualTo("notify 403: API key revoked");
      });
    }
    clock.advance(Duration.ofMinutes(40));
    assertThat(deliveries(request)).allSatisfy(d -> {
      assertThat(d.state()).isEqualTo(DeliveryState.PENDING);
      assertThat(d.attempts()).isZero();
    });

    // Fixed: the next probe is accepted, the hold ends, and the rest of the queue follows at once.
    assertThat(engine.operations().deliverPendingNotifications()).isEqualTo(2);
    assertThat(engine.operations().deliveryHolds()).isEmpty();
    assertThat(deliveries(request)).extracting(Delivery::state).containsOnly(DeliveryState.ACCEPTED);
    assertThat(events(request, CustodyAction.INVITATION_DELIVERY_FAILED)).isEmpty();
  }

  @Test
  @DisplayName("a limit one notifier reports holds only the channels it carries, not one another notifier carries")
  void holdIsPerNotifier() {
    ScriptedNotifier mail = new ScriptedNotifier(Set.of(Channel.EMAIL));
    order = List.of(mail, backend);
    engine = newEngine(b -> {});
    EvidenceRequest request = requestToBoth();
    engine.officers().issueInvitation(WRIGHT, request.id(), "initial request");
    backend.answerNext(DeliveryReport.retryAfter("rate limit", Duration.ofHours(1)));
    mail.answerNext(DeliveryReport.retry("greylisted"));

    engine.operations().deliverPendingNotifications();
    clock.advance(Duration.ofSeconds(10));
    assertThat(engine.operations().deliverPendingNotifications()).isEqualTo(1);

    assertThat(engine.operations().deliveryHolds()).extracting(DeliveryHold::channel).containsExactly(Channel.SMS);
    assertThat(only(request, Channel.EMAIL).state()).isEqualTo(DeliveryState.ACCEPTED);
    assertThat(only(request, Channel.SMS).state()).isEqualTo(DeliveryState.PENDING);
    assertThat(mail.accepted()).hasSize(1);
    assertThat(backend.attempts()).hasSize(1);
  }

  /** The notifiers in the order a test wants, when not the scripted backend alone. */
  private List<Notifier> order;

  @Override
  protected List<Notifier> notifiers() {
    return order != null ? order : super.notifiers();
  }
}
