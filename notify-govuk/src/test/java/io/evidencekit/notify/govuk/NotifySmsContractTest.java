package io.evidencekit.notify.govuk;

import io.evidencekit.spi.Channel;
import org.junit.jupiter.api.DisplayName;

/** The contract picks email when a notifier has it: this run has only text templates, so SMS is what it tests. */
@DisplayName("NotifyNotifier (text templates only) keeps the Notifier contract")
class NotifySmsContractTest extends NotifyNotifierContractTest {

  @Override
  NotifySettings.Builder settings() {
    return NotifySettings.builder(fixture.notify.apiKey(), "Kent Police")
        .baseUrl(fixture.notify.baseUrl())
        .invitationTemplate(Channel.SMS, fixture.invitationSms)
        .submissionTemplate(Channel.SMS, fixture.submissionSms);
  }
}
