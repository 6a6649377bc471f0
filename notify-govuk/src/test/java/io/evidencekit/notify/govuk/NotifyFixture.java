package io.evidencekit.notify.govuk;

import io.evidencekit.spi.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A fake Notify holding the module's suggested templates, a mutable clock, and notifiers configured for
 * it, with an alarm that records what it hears. One per test; close it after.
 */
final class NotifyFixture implements AutoCloseable {
  static final Instant START = Instant.parse("2024-03-04T14:02:00Z");

  final MutableClock clock = new MutableClock(START);
  final FakeNotify notify = new FakeNotify(clock);
  final UUID invitationSms = notify.addSuggestedTemplate("invitation-sms.txt");
  final UUID invitationEmail = notify.addSuggestedTemplate("invitation-email.txt");
  final UUID submissionSms = notify.addSuggestedTemplate("submission-sms.txt");
  final UUID submissionEmail = notify.addSuggestedTemplate("submission-email.txt");
  final List<String> alarms = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<NotifyNotifier> opened = new ArrayList<>();

  /** Every template, both channels, short timeouts. */
  NotifySettings.Builder settings() {
    return settings(notify.apiKey());
  }

  NotifySettings.Builder settings(String apiKey) {
    return NotifySettings.builder(apiKey, "Kent Police")
        .baseUrl(notify.baseUrl())
        .invitationTemplate(Channel.SMS, invitationSms)
        .invitationTemplate(Channel.EMAIL, invitationEmail)
        .submissionTemplate(Channel.SMS, submissionSms)
        .submissionTemplate(Channel.EMAIL, submissionEmail)
        .connectTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(2));
  }

  NotifyNotifier notifier() {
    return notifier(settings().build());
  }

  NotifyNotifier notifier(NotifySettings settings) {
    NotifyNotifier notifier = NotifyNotifier.builder(settings).clock(clock).alarm(alarms::add).build();
    opened.add(notifier);
    return notifier;
  }

  @Override
  public void close() {
    opened.forEach(NotifyNotifier::close);
    notify.close();
  }
}
