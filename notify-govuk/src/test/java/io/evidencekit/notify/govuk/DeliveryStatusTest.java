package io.evidencekit.notify.govuk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.PhoneNumber;
import io.evidencekit.spi.Channel;
import io.evidencekit.spi.DeliveryStatus;
import io.evidencekit.spi.DeliveryUpdate;
import io.evidencekit.spi.InvitationNotice;
import io.evidencekit.tck.notify.SampleNotices;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Delivery status by polling Notify")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeliveryStatusTest {
  static final PhoneNumber MOBILE = new PhoneNumber("+447700900123");
  static final EmailAddress EMAIL = new EmailAddress("d.smith@public.example");

  final NotifyFixture fixture = new NotifyFixture();
  final FakeNotify notify = fixture.notify;
  final NotifyNotifier notifier = fixture.notifier();

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  @DisplayName("a text's status moves from queued to sending to delivered as time passes, with our message id and"
      + " Notify's completion time")
  void textDelivered() {
    InvitationNotice notice = SampleNotices.invitation(MOBILE);
    String id = notifier.send(notice).providerMessageId().orElseThrow();

    DeliveryUpdate queued = notifier.deliveryStatus(id).orElseThrow();
    fixture.clock.advance(Duration.ofSeconds(10));
    DeliveryUpdate sending = notifier.deliveryStatus(id).orElseThrow();
    fixture.clock.advance(Duration.ofSeconds(30));
    DeliveryUpdate pending = notifier.deliveryStatus(id).orElseThrow();
    fixture.clock.advance(Duration.ofMinutes(5));
    DeliveryUpdate delivered = notifier.deliveryStatus(id).orElseThrow();

    assertThat(queued.status()).isEqualTo(DeliveryStatus.QUEUED);
    assertThat(queued.providerStatus()).isEqualTo("created");
    assertThat(sending.status()).isEqualTo(DeliveryStatus.SENDING);
    assertThat(pending.status()).isEqualTo(DeliveryStatus.SENDING);
    assertThat(pending.providerStatus()).isEqualTo("pending");
    assertThat(delivered.status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(delivered.providerMessageId()).isEqualTo(id);
    assertThat(delivered.messageId()).hasValue(notice.messageId());
    assertThat(delivered.channel()).hasValue(Channel.SMS);
    assertThat(delivered.at()).isEqualTo(NotifyFixture.START.plus(Duration.ofMinutes(1)));
  }

  @Test
  @DisplayName("a number that never receives ends as a permanent failure, which is not worth resending")
  void permanentFailure() {
    notify.outcomeFor(MOBILE.value(), "permanent-failure");
    String id = notifier.send(SampleNotices.invitation(MOBILE)).providerMessageId().orElseThrow();
    fixture.clock.advance(Duration.ofMinutes(2));

    DeliveryUpdate update = notifier.deliveryStatus(id).orElseThrow();

    assertThat(update.status()).isEqualTo(DeliveryStatus.PERMANENT_FAILURE);
    assertThat(update.status().isFinal()).isTrue();
    assertThat(update.status().worthResending()).isFalse();
  }

  @Test
  @DisplayName("an email that fails for now ends as a temporary failure, worth resending")
  void temporaryFailure() {
    notify.outcomeFor(EMAIL.value(), "temporary-failure");
    String id = notifier.send(SampleNotices.invitation(EMAIL)).providerMessageId().orElseThrow();
    fixture.clock.advance(Duration.ofMinutes(2));

    DeliveryUpdate update = notifier.deliveryStatus(id).orElseThrow();

    assertThat(update.status()).isEqualTo(DeliveryStatus.TEMPORARY_FAILURE);
    assertThat(update.channel()).hasValue(Channel.EMAIL);
    assertThat(update.status().worthResending()).isTrue();
  }

  @Test
  @DisplayName("an id Notify does not know gives nothing; text that is not a Notify id is INVALID_INPUT")
  void unknownIds() {
    assertThat(notifier.deliveryStatus(UUID.randomUUID().toString())).isEmpty();
    assertThatThrownBy(() -> notifier.deliveryStatus("rec-123"))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
  }

  @Test
  @DisplayName("polling with a refused key is a CONFIGURATION error and sounds the alarm once")
  void refusedKey() {
    String id = notifier.send(SampleNotices.invitation(MOBILE)).providerMessageId().orElseThrow();
    notify.revokeKey();

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> notifier.deliveryStatus(id))
          .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.CONFIGURATION);
    }
    assertThat(fixture.alarms).hasSize(1);
  }

  @Test
  @DisplayName("polling while Notify fails is NOTIFICATION_FAILED, and works again once it recovers")
  void notifyFailing() {
    String id = notifier.send(SampleNotices.invitation(MOBILE)).providerMessageId().orElseThrow();
    notify.failNext(500, "Exception", "Internal server error");

    assertThatThrownBy(() -> notifier.deliveryStatus(id))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.NOTIFICATION_FAILED);
    assertThat(notifier.deliveryStatus(id)).isPresent();
  }

  @Test
  @DisplayName("a notifier that cannot tell (the SPI default) reports nothing; a closed one says CLOSED")
  void defaults() {
    io.evidencekit.spi.Notifier plain = new io.evidencekit.spi.Notifier() {
      @Override
      public java.util.Set<Channel> channels() {
        return java.util.Set.of(Channel.EMAIL);
      }

      @Override
      public io.evidencekit.spi.DeliveryReport send(io.evidencekit.spi.Notification notification) {
        return io.evidencekit.spi.DeliveryReport.retry("never");
      }
    };
    assertThat(plain.deliveryStatus("anything")).isEqualTo(Optional.empty());
    notifier.close();
    assertThatThrownBy(() -> notifier.deliveryStatus(UUID.randomUUID().toString()))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.CLOSED);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"created, QUEUED", "sending, SENDING", "pending, SENDING", "sent, SENT", "delivered, DELIVERED",
      "permanent-failure, PERMANENT_FAILURE", "temporary-failure, TEMPORARY_FAILURE",
      "technical-failure, TECHNICAL_FAILURE"})
  @DisplayName("each of Notify's email and text statuses maps to one delivery status")
  void mapping(String wire, DeliveryStatus expected) {
    assertThat(NotifyStatus.fromWire(wire)).hasValueSatisfying(s -> {
      assertThat(s.deliveryStatus()).isEqualTo(expected);
      assertThat(s.wireName()).isEqualTo(wire);
    });
  }

  @Test
  @DisplayName("a status Notify uses only for letters is not one this plugin claims to know")
  void lettersUnknown() {
    assertThat(NotifyStatus.fromWire("received")).isEmpty();
    assertThat(NotifyStatus.fromWire("Delivered")).isEmpty();
  }
}
