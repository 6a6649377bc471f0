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
import io.evidencekit.tck.notify.DeliveredText;
import io.evidencekit.tck.notify.SampleNotices;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link Notifier} must do, as written in its javadoc. Extend it, point the hooks at a real
 * (in-process) backend, and the tests below run against your implementation. Each test starts with a
 * backend that has received nothing.
 *
 * <pre>{@code
 * class SmtpNotifierContractTest extends NotifierContract {
 *   @RegisterExtension static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());
 *   @Override protected Notifier newNotifier() { return new SmtpNotifier(settingsFor(mail)); }
 *   ...
 * }
 * }</pre>
 *
 * <p>Delivery is tested once for every channel the notifier declares, in a group per channel
 * ({@link Email}, {@link Sms}); for a channel it does not declare, every test of the group is skipped, for
 * that one reason. The groups ask {@link #newUnreachableNotifier()} for the channels, so no backend needs
 * to be up for that.
 *
 * <p>The kit never looks for words: a notifier writes in the force's language, from its own message
 * bundles. It checks facts instead: the reference, names, the description, the number of files and the
 * links, each exactly as the notice gave them, and that the invitation's secret token appears nowhere
 * but inside its link.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class NotifierContract {

  /** A notifier connected to the test backend. The contract closes it. */
  protected abstract Notifier newNotifier();

  /**
   * A notifier configured for a backend that is down (a closed port, say), declaring the same channels as
   * {@link #newNotifier()}. The contract closes it.
   */
  protected abstract Notifier newUnreachableNotifier();

  /**
   * The messages the backend accepted for this address, one string each, as the recipient reads them:
   * decoded subject and text (for email, the headers and the plain-text part are enough; for a text
   * message, its body). Called only after {@link Notifier#send} returned; a backend that stores
   * asynchronously waits here until it has settled.
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

  // ---- whatever the channel

  @Test
  @DisplayName("a notifier declares at least one channel, the same on every call and however it is configured")
  void channelsDeclared() {
    Set<Channel> declared;
    try (Notifier notifier = newNotifier(); Notifier unreachable = newUnreachableNotifier()) {
      declared = Set.copyOf(notifier.channels());
      assertThat(notifier.channels()).isEqualTo(declared);
      assertThat(unreachable.channels()).as("channels of the unreachable notifier").isEqualTo(declared);
    }
    assertThat(declared).isNotEmpty();
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
  @DisplayName("close() can be called twice, and a send after it never throws and is never REJECTED, which would lose the message")
  void closeIsIdempotent() {
    ContactPoint to = recipientAddress(firstDeclaredChannel());
    Notifier notifier = newNotifier();
    notifier.close();
    assertThatCode(notifier::close).doesNotThrowAnyException();

    DeliveryReport report = notifier.send(SampleNotices.invitation(to));

    assertThat(report.outcome()).isNotEqualTo(Outcome.REJECTED);
    if (report.outcome() == Outcome.RETRY) {
      assertThat(deliveredMessageCount()).isZero();
    }
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

  // ---- per channel: one group each, skipped as a whole when the notifier does not declare it

  /** Email, when the notifier declares {@link Channel#EMAIL}. */
  @Nested
  @DisplayName("EMAIL")
  class Email extends DeclaredChannel {
    Email() {
      super(Channel.EMAIL);
    }
  }

  /** Text messages, when the notifier declares {@link Channel#SMS}. */
  @Nested
  @DisplayName("SMS")
  class Sms extends DeclaredChannel {
    Sms() {
      super(Channel.SMS);
    }
  }

  /** Delivery over one channel; runs only if the notifier declares it, else each test is skipped for that reason. */
  abstract class DeclaredChannel {
    private final Channel channel;

    DeclaredChannel(Channel channel) {
      this.channel = channel;
    }

    @BeforeEach
    final void skipUnlessDeclared() {
      assumeThat(declaredChannels()).as("the channels the notifier declares").contains(channel);
    }

    @Test
    @DisplayName("an invitation is delivered once and carries the reference, the link, the recipient's and the officer's names and the description")
    void invitationDelivered() {
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
    @DisplayName("the invitation link is carried whole, exactly as given, and its token appears nowhere else")
    void linkCarriedWhole() {
      ContactPoint to = recipientAddress(channel);

      send(SampleNotices.invitation(to));

      String message = single(deliveredMessagesTo(to));
      assertThat(DeliveredText.wholeOccurrences(message, SampleNotices.LINK.toString()))
          .as("whole occurrences of the link").isPositive();
      assertThat(DeliveredText.withoutOccurrences(message, SampleNotices.LINK.toString()))
          .as("the message with every copy of the link taken out").doesNotContain(SampleNotices.TOKEN);
    }

    @Test
    @DisplayName("an officer's notice names the reference, the submitter, the number of files and the caption")
    void submissionDelivered() {
      ContactPoint to = recipientAddress(channel);

      DeliveryReport report = send(SampleNotices.submission(to));

      assertThat(report.outcome()).isEqualTo(Outcome.DELIVERED);
      String message = single(deliveredMessagesTo(to));
      assertThat(message).contains(SampleNotices.REFERENCE.value(), SampleNotices.SUBMITTER, SampleNotices.CAPTION);
      assertThat(DeliveredText.containsNumber(message, SampleNotices.FILE_COUNT))
          .as("the number of files, %d, as a number of its own in:%n%s", SampleNotices.FILE_COUNT, message)
          .isTrue();
    }

    @Test
    @DisplayName("a notice without a caption is still delivered")
    void submissionWithoutCaption() {
      ContactPoint to = recipientAddress(channel);

      DeliveryReport report = send(SampleNotices.submission(to, "A Witness", 1, Optional.empty(), Optional.empty()));

      assertThat(report.outcome()).isEqualTo(Outcome.DELIVERED);
      assertThat(deliveredMessagesTo(to)).singleElement().asString().contains("A Witness");
    }

    @Test
    @DisplayName("the case link of an officer's notice is carried whole, exactly as given")
    void caseLinkCarriedWhole() {
      ContactPoint to = recipientAddress(channel);
      URI caseLink = SampleNotices.CASE_LINK;

      DeliveryReport report = send(SampleNotices.submission(to, SampleNotices.SUBMITTER, SampleNotices.FILE_COUNT,
          Optional.of(SampleNotices.CAPTION), Optional.of(caseLink)));

      assertThat(report.outcome()).isEqualTo(Outcome.DELIVERED);
      assertThat(DeliveredText.wholeOccurrences(single(deliveredMessagesTo(to)), caseLink.toString()))
          .as("whole occurrences of the case link").isPositive();
    }

    @Test
    @DisplayName("names and a description with line breaks are delivered once and reach nobody else")
    void lineBreaksInjectNothing() {
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
    @DisplayName("sending the same message again, as the engine does after a crash, is DELIVERED again, never a failure")
    void repeatedSendDelivered() {
      ContactPoint to = recipientAddress(channel);
      InvitationNotice notice = SampleNotices.invitation(to);

      DeliveryReport first;
      DeliveryReport again;
      try (Notifier notifier = newNotifier()) {
        first = notifier.send(notice);
        again = notifier.send(notice);
      }

      assertThat(first.outcome()).isEqualTo(Outcome.DELIVERED);
      assertThat(again.outcome()).isEqualTo(Outcome.DELIVERED);
      assertThat(deliveredMessagesTo(to)).hasSizeBetween(1, 2);
    }

    @Test
    @DisplayName("a backend that is down gives RETRY, not an exception and not DELIVERED")
    void unreachableBackendRetries() {
      ContactPoint to = recipientAddress(channel);
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
      ContactPoint to = recipientAddress(channel);
      DeliveryReport delivered = send(SampleNotices.invitation(to));
      DeliveryReport failed;
      try (Notifier notifier = newUnreachableNotifier()) {
        failed = notifier.send(SampleNotices.invitation(to));
      }
      assertThat(List.of(delivered.toString(), failed.toString())).noneMatch(s -> s.contains(SampleNotices.TOKEN));
    }

    @Test
    @DisplayName("reports, which the custody log keeps, hold no address, name or description, whether delivered, failed or rejected")
    void detailHoldsNoPersonalData() {
      ContactPoint to = recipientAddress(channel);
      List<DeliveryReport> reports = new ArrayList<>();
      reports.add(send(SampleNotices.invitation(to)));
      reports.add(send(SampleNotices.submission(to)));
      try (Notifier notifier = newUnreachableNotifier()) {
        reports.add(notifier.send(SampleNotices.invitation(to)));
      }
      try (Notifier notifier = newNotifier()) {
        for (Channel other : Channel.values()) {
          if (!notifier.channels().contains(other)) {
            reports.add(notifier.send(SampleNotices.invitation(recipientAddress(other))));
          }
        }
      }

      List<String> personal = new ArrayList<>(List.of(to.value(), SampleNotices.RECIPIENT, SampleNotices.OFFICER,
          SampleNotices.DESCRIPTION, SampleNotices.CAPTION, SampleNotices.TOKEN));
      for (Channel any : Channel.values()) {
        personal.add(recipientAddress(any).value());
      }
      for (DeliveryReport report : reports) {
        String logged = report.detail() + " " + report.providerMessageId().orElse("");
        assertThat(personal).as("personal data in the report %s", report.outcome())
            .noneMatch(logged::contains);
      }
    }

    @Test
    @DisplayName("sends from 8 threads at once are all delivered")
    void concurrentSends() throws Exception {
      ContactPoint to = recipientAddress(channel);
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
  }

  // ---- helpers

  private DeliveryReport send(Notification notification) {
    try (Notifier notifier = newNotifier()) {
      return notifier.send(notification);
    }
  }

  /** Asked of an unreachable notifier, which needs no backend. */
  private Set<Channel> declaredChannels() {
    try (Notifier notifier = newUnreachableNotifier()) {
      return Set.copyOf(notifier.channels());
    }
  }

  /** The first declared channel in {@link Channel} order: email when the notifier has it. */
  private Channel firstDeclaredChannel() {
    Set<Channel> declared = declaredChannels();
    return Arrays.stream(Channel.values()).filter(declared::contains).findFirst()
        .orElseThrow(() -> new AssertionError("the notifier declares no channel"));
  }

  private static String single(List<String> messages) {
    assertThat(messages).as("messages delivered to the recipient").hasSize(1);
    return messages.get(0);
  }

}
