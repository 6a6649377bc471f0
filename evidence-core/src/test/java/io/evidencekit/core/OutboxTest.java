package io.evidencekit.core;

import static io.evidencekit.core.testing.TestData.WRIGHT;
import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.core.notify.DeliveryPolicy;
import io.evidencekit.core.testing.DatabaseKind;
import io.evidencekit.spi.SubmissionNotice;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("The notification outbox")
class OutboxTest extends EngineTestBase {

  @Test
  @DisplayName("while the mail server is down nothing is lost: messages wait, are retried with backoff, and go out when it returns")
  void smtpDownLosesNothing() {
    notifier.down(true);
    IssuedInvitation link = requestAndInvite();
    submitFiles(link, "footage");

    assertThat(engine.operations().deliverPendingNotifications()).isZero();
    assertThat(engine.operations().pendingNotifications()).isEqualTo(2);
    int attempts = notifier.attempts();

    // Not due yet: the first retry waits about 5 seconds (with jitter), so an immediate pass sends nothing.
    assertThat(engine.operations().deliverPendingNotifications()).isZero();
    assertThat(notifier.attempts()).isEqualTo(attempts);

    clock.advance(Duration.ofSeconds(7));
    assertThat(engine.operations().deliverPendingNotifications()).isZero();
    assertThat(notifier.attempts()).isEqualTo(attempts + 2);

    notifier.down(false);
    clock.advance(Duration.ofMinutes(1));
    assertThat(engine.operations().deliverPendingNotifications()).isEqualTo(2);
    assertThat(engine.operations().pendingNotifications()).isZero();
    assertThat(notifier.sent()).hasSize(2);

    CustodyEvent notified = engine.officers().custodyEvents(WRIGHT, link.invitation().requestId(), "check").stream()
        .filter(e -> e.action() == CustodyAction.OFFICER_NOTIFIED).findFirst().orElseThrow();
    assertThat(notified.details()).containsEntry("attempts", "3").containsEntry("channel", "EMAIL")
        .containsKey("providerMessageId");
  }

  @Test
  @DisplayName("a message that cannot be delivered within the give-up period is recorded as failed in the custody log")
  void givesUpAndRecordsIt() {
    engine = newEngine(b -> b.deliveryPolicy(new DeliveryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(1),
        Duration.ofMinutes(30), Duration.ofSeconds(1))));
    notifier.down(true);
    IssuedInvitation link = requestAndInvite();
    for (int i = 0; i < 40; i++) {
      engine.operations().deliverPendingNotifications();
      clock.advance(Duration.ofMinutes(1).plusSeconds(15));
    }
    assertThat(engine.operations().pendingNotifications()).isZero();
    assertThat(engine.officers().custodyEvents(WRIGHT, link.invitation().requestId(), "check"))
        .extracting(CustodyEvent::action).contains(CustodyAction.INVITATION_DELIVERY_FAILED)
        .doesNotContain(CustodyAction.INVITATION_SENT);
  }

  @Test
  @DisplayName("the officer's notification names the reference, the submitter, the file count and the caption")
  void officerNotificationContent() {
    IssuedInvitation link = requestAndInvite();
    submitFiles(link, "a", "b");
    engine.operations().deliverPendingNotifications();
    SubmissionNotice notice = notifier.sent().stream().filter(n -> n instanceof SubmissionNotice)
        .map(SubmissionNotice.class::cast).findFirst().orElseThrow();
    assertThat(notice.reference().value()).isEqualTo("46/00001/24");
    assertThat(notice.submitterName()).isEqualTo("D Smith");
    assertThat(notice.fileCount()).isEqualTo(2);
    assertThat(notice.totalBytes()).isEqualTo(2);
    assertThat(notice.caption()).contains("front camera");
  }

  @Test
  @DisplayName("a message written by one engine is delivered by another engine sharing the database and outbox key")
  void anotherEngineDelivers() {
    byte[] key = new byte[32];
    key[0] = 7;
    EvidenceEngine writer = newEngine(b -> b.outboxKey(key));
    var request = writer.officers().createRequest(WRIGHT, io.evidencekit.core.testing.TestData.burglaryRequest());
    writer.officers().issueInvitation(WRIGHT, request.id(), "initial");
    writer.close();
    EvidenceEngine deliverer = newEngine(b -> b.outboxKey(key));
    assertThat(deliverer.operations().deliverPendingNotifications()).isEqualTo(1);
  }

  @Test
  @DisplayName("a pending link sealed under a key the engine no longer has is abandoned and recorded, never sent garbled")
  void lostKeyAbandonsLink() {
    EvidenceEngine writer = newEngine(b -> {});
    var request = writer.officers().createRequest(WRIGHT, io.evidencekit.core.testing.TestData.burglaryRequest());
    writer.officers().issueInvitation(WRIGHT, request.id(), "initial");
    writer.close();
    EvidenceEngine restarted = newEngine(b -> {});
    assertThat(restarted.operations().deliverPendingNotifications()).isZero();
    assertThat(notifier.sent()).isEmpty();
    assertThat(restarted.officers().custodyEvents(WRIGHT, request.id(), "check")).extracting(CustodyEvent::action)
        .contains(CustodyAction.INVITATION_DELIVERY_FAILED);
  }
}
