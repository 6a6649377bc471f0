package io.evidencekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.evidencekit.api.ContactPoint;
import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.PhoneNumber;
import io.evidencekit.spi.Channel;
import io.evidencekit.spi.DeliveryReport;
import io.evidencekit.spi.DeliveryReport.Outcome;
import io.evidencekit.spi.InvitationNotice;
import io.evidencekit.spi.Notification;
import io.evidencekit.spi.Notifier;
import io.evidencekit.tck.notify.SampleNotices;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link Notifier} must do. Extend it, point the hooks at a real (in-process) backend, and
 * the tests below run against your implementation. Each test starts with a backend that has received
 * nothing.
 *
 * <pre>{@code
 * class SmtpNotifierContractTest extends NotifierContract {
 *   @RegisterExtension static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());
 *   @Override protected Notifier newNotifier() { return new SmtpNotifier(settingsFor(mail)); }
 *   ...
 * }
 * }</pre>
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class NotifierContract {

  /** A notifier connected to the test backend. The contract closes it. */
  protected abstract Notifier newNotifier();

  /** A notifier configured for a backend that is down (a closed port, say). The contract closes it. */
  protected abstract Notifier newUnreachableNotifier();

  /**
   * The messages the backend accepted for this address, one string each, as the recipient reads them:
   * decoded subject and text (for email, the headers and the plain-text part are enough). Called only
   * after {@link Notifier#send} returned; a backend that stores asynchronously waits here until it
   * has settled.
   */
  protected abstract List<String> deliveredMessagesTo(ContactPoint to);

  /** How many messages the backend accepted in this test, for every address together. */
  protected abstract int deliveredMessageCount();

  /** The address to use for a channel; override to match what your test backend accepts. */
  protected ContactPoint recipientAddress(Channel channel) {
    return switch (channel) {
      case EMAIL -> new EmailAddress("d.smith@public.example");
      case SMS -> new PhoneNumber("+447700900123");
    };
  }

  /** A second address on the same channel, which must never receive anything in these tests. */
  protected ContactPoint bystanderAddress(Channel channel) {
    return switch (channel) {
      case EMAIL -> new EmailAddress("evil@attacker.example");
      case SMS -> new PhoneNumber("+447700900999");
    };
  }

  /** A secret in the notifier's configuration (a password, an API key) that toString must hide; empty when there is none. */
  protected Optional<String> configuredSecret() {
    return Optional.empty();
  }

  @Test
  @DisplayName("an invitation is delivered once and carries the reference, the link, the recipient's name and the description")
  void invitationDelivered() {
    Channel channel = supportedChannel();
    ContactPoint to = recipientAddress(channel);
    InvitationNotice notice = SampleNotices.invitation(to);

    DeliveryReport report = send(notice);

    assertThat(report.outcome()).isEqualTo(Outcome.DELIVERED);
    List<String> received = deliveredMessagesTo(to);
    assertThat(received).hasSize(1);
    assertThat(received.get(0)).contains(
        SampleNotices.REFERENCE.value(), SampleNotices.LINK.toString(), SampleNotices.RECIPIENT,
        SampleNotices.OFFICER, SampleNotices.DESCRIPTION);
    assertThat(deliveredMessageCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("an officer's notice names the reference, the submitter, the number of files and the caption")
  void submissionDelivered() {
    ContactPoint to = recipientAddress(supportedChannel());

    DeliveryReport report = send(SampleNotices.submission(to));

    assertThat(report.outcome()).isEqualTo(Outcome.DELIVERED);
    assertThat(deliveredMessagesTo(to)).singleElement().asString().contains(
        SampleNotices.REFERENCE.value(), SampleNotices.SUBMITTER, "3 files", SampleNotices.CAPTION);
  }

  @Test
  @DisplayName("a notice without a caption is still delivered")
  void submissionWithoutCaption() {
    ContactPoint to = recipientAddress(supportedChannel());

    DeliveryReport report = send(SampleNotices.submission(to, "A Witness", 1, Optional.empty(), Optional.empty()));

    assertThat(report.outcome()).isEqualTo(Outcome.DELIVERED);
    assertThat(deliveredMessagesTo(to)).singleElement().asString().contains("A Witness");
  }

  @Test
  @DisplayName("a channel the notifier does not support is REJECTED and nothing is sent")
  void unsupportedChannelRejected() {
    List<Channel> unsupported = new ArrayList<>(Arrays.asList(Channel.values()));
    try (Notifier notifier = newNotifier()) {
      unsupported.removeAll(notifier.channels());
      assumeThat(unsupported).as("channels this notifier does not support").isNotEmpty();

      for (Channel channel : unsupported) {
        DeliveryReport report = notifier.send(SampleNotices.invitation(recipientAddress(channel)));
        assertThat(report.outcome()).as(channel.name()).isEqualTo(Outcome.REJECTED);
        assertThat(report.detail()).isNotBlank();
      }
    }
    assertThat(deliveredMessageCount()).isZero();
  }

  @Test
  @DisplayName("a backend that is down gives RETRY, not an exception and not DELIVERED")
  void unreachableBackendRetries() {
    ContactPoint to = recipientAddress(supportedChannel());
    DeliveryReport report;
    try (Notifier notifier = newUnreachableNotifier()) {
      report = notifier.send(SampleNotices.invitation(to));
    }
    assertThat(report.outcome()).isEqualTo(Outcome.RETRY);
    assertThat(report.providerMessageId()).isEmpty();
  }

  @Test
  @DisplayName("the report's detail never contains the invitation link")
  void detailHidesTheLink() {
    ContactPoint to = recipientAddress(supportedChannel());
    DeliveryReport delivered = send(SampleNotices.invitation(to));
    DeliveryReport failed;
    try (Notifier notifier = newUnreachableNotifier()) {
      failed = notifier.send(SampleNotices.invitation(to));
    }
    String token = SampleNotices.LINK.getPath().substring(SampleNotices.LINK.getPath().lastIndexOf('/') + 1);
    assertThat(List.of(delivered.toString(), failed.toString())).noneMatch(s -> s.contains(token));
  }

  @Test
  @DisplayName("names and a description with line breaks are delivered once and reach nobody else")
  void lineBreaksInjectNothing() {
    Channel channel = supportedChannel();
    ContactPoint to = recipientAddress(channel);
    ContactPoint bystander = bystanderAddress(channel);
    InvitationNotice notice = SampleNotices.invitation(to,
        "D Smith\r\nBcc: " + bystander.value(),
        "D. Wright\nCc: " + bystander.value() + "\r\n\r\n",
        "First line\r\n.\r\nMAIL FROM:<x@attacker.example>\r\nRCPT TO:<" + bystander.value() + ">\r\nlast line");

    DeliveryReport report = send(notice);

    assertThat(report.outcome()).isEqualTo(Outcome.DELIVERED);
    assertThat(deliveredMessagesTo(to)).singleElement().asString().contains(SampleNotices.REFERENCE.value());
    assertThat(deliveredMessagesTo(bystander)).isEmpty();
    assertThat(deliveredMessageCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("sends from 8 threads at once are all delivered")
  void concurrentSends() throws Exception {
    ContactPoint to = recipientAddress(supportedChannel());
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (Notifier notifier = newNotifier()) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<DeliveryReport>> reports = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        InvitationNotice notice = SampleNotices.invitation(to, "Witness " + i, SampleNotices.OFFICER,
            SampleNotices.DESCRIPTION);
        reports.add(pool.submit(() -> {
          start.await();
          return notifier.send(notice);
        }));
      }
      start.countDown();
      for (Future<DeliveryReport> report : reports) {
        assertThat(report.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.DELIVERED);
      }
    } finally {
      pool.shutdownNow();
    }
    List<String> received = deliveredMessagesTo(to);
    assertThat(received).hasSize(threads);
    for (int i = 0; i < threads; i++) {
      String name = "Witness " + i;
      assertThat(received).as(name).filteredOn(m -> m.contains(name)).hasSize(1);
    }
  }

  @Test
  @DisplayName("close() can be called twice, and a send after it reports instead of throwing")
  void closeIsIdempotent() {
    Notifier notifier = newNotifier();
    notifier.close();
    assertThatCode(notifier::close).doesNotThrowAnyException();
    DeliveryReport report = notifier.send(SampleNotices.invitation(recipientAddress(supportedChannel())));
    assertThat(report).isNotNull();
  }

  @Test
  @DisplayName("the notifier's toString does not reveal a configured secret")
  void toStringHidesSecret() {
    Optional<String> secret = configuredSecret();
    assumeThat(secret).as("a configured secret").isPresent();
    try (Notifier notifier = newNotifier()) {
      assertThat(notifier.toString()).doesNotContain(secret.orElseThrow());
    }
  }

  private DeliveryReport send(Notification notification) {
    try (Notifier notifier = newNotifier()) {
      return notifier.send(notification);
    }
  }

  /** The first channel the notifier supports, in {@link Channel} order: email when it can. */
  private Channel supportedChannel() {
    try (Notifier notifier = newNotifier()) {
      assertThat(notifier.channels()).as("channels()").isNotEmpty();
      return Arrays.stream(Channel.values()).filter(notifier.channels()::contains).findFirst().orElseThrow();
    }
  }
}
