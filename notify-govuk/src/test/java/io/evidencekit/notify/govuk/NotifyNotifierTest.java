package io.evidencekit.notify.govuk;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.PhoneNumber;
import io.evidencekit.spi.Channel;
import io.evidencekit.spi.DeliveryReport;
import io.evidencekit.spi.DeliveryReport.Outcome;
import io.evidencekit.spi.InvitationNotice;
import io.evidencekit.tck.notify.SampleNotices;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("NotifyNotifier against a fake GOV.UK Notify")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NotifyNotifierTest {
  static final PhoneNumber MOBILE = new PhoneNumber("+447700900123");
  static final EmailAddress EMAIL = new EmailAddress("d.smith@public.example");

  final NotifyFixture fixture = new NotifyFixture();
  final FakeNotify notify = fixture.notify;

  @AfterEach
  void stop() {
    fixture.close();
  }

  static String longDescription() {
    StringBuilder text = new StringBuilder();
    int i = 0;
    while (text.length() < 2_000) {
      text.append("camera").append(i++).append(" footage, ");
    }
    return text.substring(0, 2_000).strip();
  }

  @Nested
  @DisplayName("what is sent")
  class WhatIsSent {

    @Test
    @DisplayName("a text invitation goes through the official client to /v2/notifications/sms, with our message id as"
        + " Notify's reference, every placeholder filled and the configured sender; the report carries Notify's id")
    void smsRequest() {
      UUID sender = notify.addSmsSender();
      NotifyNotifier notifier = fixture.notifier(fixture.settings().smsSenderId(sender).build());
      InvitationNotice notice = SampleNotices.invitation(MOBILE);

      DeliveryReport report = notifier.send(notice);

      assertThat(report.outcome()).isEqualTo(Outcome.DELIVERED);
      FakeNotify.Request sent = notify.sends().get(0);
      assertThat(sent.path()).isEqualTo("/v2/notifications/sms");
      assertThat(sent.userAgent()).isEqualTo("NOTIFY-API-JAVA-CLIENT/5.2.1-RELEASE");
      assertThat(sent.contentType()).isEqualTo("application/json");
      JSONObject body = sent.json();
      assertThat(body.getString("reference")).isEqualTo(notice.messageId().toString());
      assertThat(body.getString("phone_number")).isEqualTo("+447700900123");
      assertThat(body.getString("template_id")).isEqualTo(fixture.invitationSms.toString());
      assertThat(body.getString("sms_sender_id")).isEqualTo(sender.toString());
      JSONObject values = body.getJSONObject("personalisation");
      assertThat(values.toMap()).containsEntry("recipient_name", "D Smith").containsEntry("officer_name", "D. Wright")
          .containsEntry("force_name", "Kent Police").containsEntry("reference", "46/00042/24")
          .containsEntry("link", SampleNotices.LINK.toString()).containsEntry("valid_for", "10 days")
          .containsEntry("expires_at", "14:02 GMT on Thursday 14 March 2024")
          .containsEntry("description", SampleNotices.DESCRIPTION);
      String message = notify.messagesTo("+447700900123").get(0);
      assertThat(message).contains("Replies to this message are not monitored.");
      assertThat(report.providerMessageId()).hasValueSatisfying(id ->
          assertThat(notify.status(UUID.fromString(id))).isEqualTo("created"));
    }

    @Test
    @DisplayName("an email invitation carries the reply-to id and the whole description with its paragraphs")
    void emailRequest() {
      UUID replyTo = notify.addReplyTo();
      NotifyNotifier notifier = fixture.notifier(fixture.settings().emailReplyToId(replyTo).build());
      String description = "First paragraph.\n\nSecond paragraph, " + "with more words ".repeat(60).strip();

      DeliveryReport report = notifier.send(SampleNotices.invitation(EMAIL, "D Smith", "D. Wright", description));

      assertThat(report.outcome()).isEqualTo(Outcome.DELIVERED);
      JSONObject body = notify.sends().get(0).json();
      assertThat(notify.sends().get(0).path()).isEqualTo("/v2/notifications/email");
      assertThat(body.getString("email_reply_to_id")).isEqualTo(replyTo.toString());
      assertThat(body.getJSONObject("personalisation").getString("description")).isEqualTo(description);
      assertThat(notify.messagesTo(EMAIL.value()).get(0))
          .startsWith("Evidence request 46/00042/24 from Kent Police\n")
          .contains(description, "Replies to this message are not monitored.");
    }

    @Test
    @DisplayName("names with line breaks arrive on one line")
    void namesOnOneLine() {
      fixture.notifier().send(SampleNotices.invitation(EMAIL, "D\r\nSmith", "D.\nWright", "Footage"));

      JSONObject values = notify.sends().get(0).json().getJSONObject("personalisation");
      assertThat(values.getString("recipient_name")).isEqualTo("D Smith");
      assertThat(values.getString("officer_name")).isEqualTo("D. Wright");
    }

    @Test
    @DisplayName("an officer's notice fills the file count, size, caption and case link, with yes/no for the conditions")
    void submission() {
      DeliveryReport report = fixture.notifier().send(SampleNotices.submission(
          new EmailAddress("d.wright@kent.police.example"), "D Smith", 2, Optional.empty(),
          Optional.of(URI.create("https://records.force.example/case/46-42"))));

      assertThat(report.outcome()).isEqualTo(Outcome.DELIVERED);
      JSONObject values = notify.sends().get(0).json().getJSONObject("personalisation");
      assertThat(values.toMap()).containsEntry("file_count", "2 files").containsEntry("total_size", "3.5 MB")
          .containsEntry("caption", "").containsEntry("has_caption", "no")
          .containsEntry("case_link", "https://records.force.example/case/46-42").containsEntry("has_case_link", "yes");
      assertThat(notify.messagesTo("d.wright@kent.police.example").get(0))
          .contains("View the evidence: https://records.force.example/case/46-42").doesNotContain("Their caption");
    }
  }

  @Nested
  @DisplayName("text message length")
  class TextLength {

    @Test
    @DisplayName("a long description is cut after a whole word with an ellipsis so the text fits; link and reference are whole")
    void longDescriptionCut() {
      String description = longDescription();
      NotifyNotifier notifier = fixture.notifier(fixture.settings().smsMaxLength(306).build());

      DeliveryReport report = notifier.send(SampleNotices.invitation(MOBILE, "D Smith", "D. Wright", description));

      assertThat(report.outcome()).isEqualTo(Outcome.DELIVERED);
      String message = notify.messagesTo(MOBILE.value()).get(0);
      assertThat(message.length()).isLessThanOrEqualTo(306).isGreaterThan(306 - 20);
      assertThat(message).contains(SampleNotices.LINK.toString(), "46/00042/24", "Replies to this message are not monitored.");
      String sentDescription = notify.sends().get(0).json().getJSONObject("personalisation").getString("description");
      assertThat(sentDescription).endsWith("...");
      String kept = sentDescription.substring(0, sentDescription.length() - 3);
      assertThat(description).startsWith(kept);
      assertThat(description.charAt(kept.length()) == ' ' || description.charAt(kept.length()) == ',')
          .as("cut after a whole word: '%s'", kept).isTrue();
    }

    @Test
    @DisplayName("a description that fits is sent whole, without an ellipsis")
    void shortDescriptionWhole() {
      fixture.notifier().send(SampleNotices.invitation(MOBILE));

      assertThat(notify.sends().get(0).json().getJSONObject("personalisation").getString("description"))
          .isEqualTo(SampleNotices.DESCRIPTION);
    }

    @Test
    @DisplayName("when the link alone nearly fills the text, the description is left out and the link is still whole")
    void linkAlwaysFits() {
      URI longLink = URI.create("https://evidence.force.example/r/" + "Zx8kP2qL9mN4vB7cT1wYhG5s".repeat(4));
      InvitationNotice notice = new InvitationNotice(UUID.randomUUID(), SampleNotices.REFERENCE, MOBILE, "D Smith",
          "D. Wright", longLink, Duration.ofDays(10), Instant.parse("2024-03-14T14:02:00Z"), longDescription());
      NotifyNotifier notifier = fixture.notifier(fixture.settings().smsMaxLength(160).build());

      DeliveryReport report = notifier.send(notice);

      assertThat(report.outcome()).isEqualTo(Outcome.DELIVERED);
      assertThat(notify.sends().get(0).json().getJSONObject("personalisation").getString("description")).isEmpty();
      assertThat(notify.messagesTo(MOBILE.value()).get(0)).contains(longLink.toString(), "46/00042/24");
    }

    @Test
    @DisplayName("an officer's text whose caption cannot fit leaves the caption out, and its label with it")
    void captionLeftOut() {
      NotifyNotifier notifier = fixture.notifier(fixture.settings().smsMaxLength(160).build());

      DeliveryReport report = notifier.send(SampleNotices.submission(MOBILE, "D Smith", 3,
          Optional.of("Supercalifragilisticexpialidocious".repeat(8)), Optional.empty()));

      assertThat(report.outcome()).isEqualTo(Outcome.DELIVERED);
      JSONObject values = notify.sends().get(0).json().getJSONObject("personalisation");
      assertThat(values.getString("caption")).isEmpty();
      assertThat(values.getString("has_caption")).isEqualTo("no");
      assertThat(notify.messagesTo(MOBILE.value()).get(0)).doesNotContain("Caption:").contains("3 files", "46/00042/24");
    }

    @Test
    @DisplayName("after the force edits the text template, messages are measured against the new text")
    void editedTemplateRemeasured() {
      NotifyNotifier notifier = fixture.notifier(fixture.settings().smsMaxLength(306).build());
      notifier.send(SampleNotices.invitation(MOBILE, "A", "D. Wright", longDescription()));
      notify.editTemplate(fixture.invitationSms, SuggestedTemplates.read("invitation-sms.txt").strip()
          + "\nIf you did not expect this message, call 101 and quote the reference.");

      notifier.send(SampleNotices.invitation(MOBILE, "B", "D. Wright", longDescription()));
      notifier.send(SampleNotices.invitation(MOBILE, "C", "D. Wright", longDescription()));

      List<String> messages = notify.messagesTo(MOBILE.value());
      assertThat(messages.get(2)).contains("call 101").hasSizeLessThanOrEqualTo(306);
      assertThat(notify.requests()).filteredOn(r -> r.path().startsWith("/v2/template/")).hasSize(2);
    }
  }

  @Nested
  @DisplayName("refused recipients")
  class RefusedRecipients {

    @Test
    @DisplayName("a number Notify refuses (400 ValidationError) is REJECTED, and the detail does not repeat it")
    void badNumber() {
      notify.refuseNumber("+447700900666");

      DeliveryReport report = fixture.notifier().send(SampleNotices.invitation(new PhoneNumber("+447700900666")));

      assertThat(report.outcome()).isEqualTo(Outcome.REJECTED);
      assertThat(report.detail()).contains("400", "ValidationError", "phone number").doesNotContain("7700900666");
      assertThat(fixture.alarms).isEmpty();
    }

    @Test
    @DisplayName("a UK landline is REJECTED without asking Notify")
    void landline() {
      DeliveryReport report = fixture.notifier().send(SampleNotices.invitation(PhoneNumber.parse("01622 690690")));

      assertThat(report.outcome()).isEqualTo(Outcome.REJECTED);
      assertThat(report.detail()).contains("not a UK mobile");
      assertThat(notify.requests()).isEmpty();
    }

    @Test
    @DisplayName("an international number a service may not text is REJECTED")
    void international() {
      DeliveryReport report = fixture.notifier().send(SampleNotices.invitation(new PhoneNumber("+33612345678")));

      assertThat(report.outcome()).isEqualTo(Outcome.REJECTED);
      assertThat(report.detail()).contains("international");
    }

    @Test
    @DisplayName("a kind of message with no template on its channel is REJECTED and nothing is sent")
    void noTemplateForKind() {
      NotifyNotifier notifier = fixture.notifier(NotifySettings.builder(notify.apiKey(), "Kent Police")
          .baseUrl(notify.baseUrl()).invitationTemplate(Channel.SMS, fixture.invitationSms).build());

      DeliveryReport report = notifier.send(SampleNotices.submission(MOBILE));

      assertThat(report.outcome()).isEqualTo(Outcome.REJECTED);
      assertThat(report.detail()).contains("submission", "SMS");
      assertThat(notify.requests()).isEmpty();
    }
  }

  @Nested
  @DisplayName("configuration problems")
  class ConfigurationProblems {

    @Test
    @DisplayName("a key with the wrong secret (403) is RETRY marked misconfigured, the alarm sounds once for three"
        + " messages, and the secret is in no report, alarm or toString")
    void wrongSecret() {
      String wrongKey = notify.wrongSecretKey();
      String wrongSecret = wrongKey.substring(wrongKey.length() - 36);
      NotifyNotifier notifier = fixture.notifier(fixture.settings(wrongKey).build());

      List<DeliveryReport> reports = List.of(notifier.send(SampleNotices.invitation(MOBILE)),
          notifier.send(SampleNotices.invitation(EMAIL)), notifier.send(SampleNotices.invitation(MOBILE)));

      assertThat(reports).allSatisfy(r -> {
        assertThat(r.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(r.misconfigured()).isTrue();
        assertThat(r.detail()).contains("403", "AuthError", "does not know the API key");
      });
      assertThat(fixture.alarms).hasSize(1);
      assertThat(notifier.configurationProblem()).isPresent();
      assertThat(String.join(" ", fixture.alarms) + reports + notifier + notifier.configurationProblem())
          .doesNotContain(wrongSecret).doesNotContain(notify.secret());
      assertThat(notify.messageCount()).isZero();
    }

    @Test
    @DisplayName("a clock more than 30 seconds out (403) says so")
    void clockSkew() {
      notify.skewClock(Duration.ofMinutes(2));

      DeliveryReport report = fixture.notifier().send(SampleNotices.invitation(MOBILE));

      assertThat(report.misconfigured()).isTrue();
      assertThat(report.detail()).contains("clock");
      assertThat(fixture.alarms).singleElement().asString().contains("clock");
    }

    @Test
    @DisplayName("once Notify accepts a request again the problem is over, and a new one sounds the alarm again")
    void alarmAgainAfterRecovery() {
      NotifyNotifier notifier = fixture.notifier();
      notify.skewClock(Duration.ofMinutes(2));
      notifier.send(SampleNotices.invitation(MOBILE));
      notifier.send(SampleNotices.invitation(MOBILE));
      notify.skewClock(Duration.ZERO);

      assertThat(notifier.send(SampleNotices.invitation(MOBILE)).outcome()).isEqualTo(Outcome.DELIVERED);
      assertThat(notifier.configurationProblem()).isEmpty();
      notify.revokeKey();
      notifier.send(SampleNotices.invitation(MOBILE));

      assertThat(fixture.alarms).hasSize(2);
    }

    @Test
    @DisplayName("a template asking for a placeholder we do not fill (400 missing personalisation) names it, as a"
        + " configuration problem")
    void missingPersonalisation() {
      UUID template = notify.addTemplate("email", "custom", "Evidence ((reference))", "Dear ((title)) ((recipient_name))");
      NotifyNotifier notifier = fixture.notifier(fixture.settings().invitationTemplate(Channel.EMAIL, template).build());

      DeliveryReport report = notifier.send(SampleNotices.invitation(EMAIL));

      assertThat(report.outcome()).isEqualTo(Outcome.RETRY);
      assertThat(report.misconfigured()).isTrue();
      assertThat(report.detail()).contains("400", "placeholders", "title");
      assertThat(fixture.alarms).hasSize(1);
    }

    @Test
    @DisplayName("an unknown template id is a configuration problem, by email (400 Template not found) and by text")
    void unknownTemplate() {
      NotifyNotifier notifier = fixture.notifier(fixture.settings()
          .invitationTemplate(Channel.EMAIL, UUID.randomUUID())
          .invitationTemplate(Channel.SMS, UUID.randomUUID()).build());

      DeliveryReport byEmail = notifier.send(SampleNotices.invitation(EMAIL));
      DeliveryReport byText = notifier.send(SampleNotices.invitation(MOBILE));

      assertThat(List.of(byEmail, byText)).allSatisfy(r -> {
        assertThat(r.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(r.misconfigured()).isTrue();
        assertThat(r.detail()).contains("template");
      });
      assertThat(notify.messageCount()).isZero();
    }

    @Test
    @DisplayName("an email template configured for texts is a configuration problem and nothing is sent")
    void templateOfWrongType() {
      NotifyNotifier notifier = fixture.notifier(fixture.settings()
          .invitationTemplate(Channel.SMS, fixture.invitationEmail).build());

      DeliveryReport report = notifier.send(SampleNotices.invitation(MOBILE));

      assertThat(report.misconfigured()).isTrue();
      assertThat(report.detail()).contains("email template");
      assertThat(notify.sends()).isEmpty();
    }

    @Test
    @DisplayName("an unknown text sender id is a configuration problem")
    void unknownSender() {
      NotifyNotifier notifier = fixture.notifier(fixture.settings().smsSenderId(UUID.randomUUID()).build());

      DeliveryReport report = notifier.send(SampleNotices.invitation(MOBILE));

      assertThat(report.misconfigured()).isTrue();
      assertThat(report.detail()).contains("sender");
    }
  }

  @Nested
  @DisplayName("Notify busy, failing or slow")
  class Busy {

    @Test
    @DisplayName("429 RateLimitError: RETRY with a one-minute hint; nothing goes to Notify until it has passed; then delivered")
    void rateLimit() {
      NotifyNotifier notifier = fixture.notifier();
      notify.failNext(429, "RateLimitError", "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds");

      DeliveryReport limited = notifier.send(SampleNotices.invitation(MOBILE));
      int requestsSoFar = notify.requests().size();
      fixture.clock.advance(Duration.ofSeconds(20));
      DeliveryReport held = notifier.send(SampleNotices.invitation(EMAIL));

      assertThat(limited.outcome()).isEqualTo(Outcome.RETRY);
      assertThat(limited.misconfigured()).isFalse();
      assertThat(limited.retryAfter()).hasValue(Duration.ofMinutes(1));
      assertThat(held.outcome()).isEqualTo(Outcome.RETRY);
      assertThat(held.retryAfter()).hasValue(Duration.ofSeconds(40));
      assertThat(notify.requests()).hasSize(requestsSoFar);

      fixture.clock.advance(Duration.ofSeconds(41));
      assertThat(notifier.send(SampleNotices.invitation(MOBILE)).outcome()).isEqualTo(Outcome.DELIVERED);
      assertThat(notify.messageCount()).isEqualTo(1);
      assertThat(fixture.alarms).isEmpty();
    }

    @Test
    @DisplayName("429 TooManyRequestsError (the daily limit): the hint runs to just after midnight, UK time")
    void dailyLimit() {
      fixture.clock.set(Instant.parse("2024-07-01T20:30:00Z")); // 21:30 BST
      notify.failNext(429, "TooManyRequestsError", "Exceeded send limits (250000) for today");

      DeliveryReport report = fixture.notifier().send(SampleNotices.invitation(MOBILE));

      assertThat(report.outcome()).isEqualTo(Outcome.RETRY);
      assertThat(report.retryAfter()).hasValue(Duration.ofHours(2).plusMinutes(31));
    }

    @Test
    @DisplayName("500 is RETRY, and the next attempt is delivered once")
    void serverError() {
      NotifyNotifier notifier = fixture.notifier();
      notify.failNext(500, "Exception", "Internal server error");
      InvitationNotice notice = SampleNotices.invitation(MOBILE);

      DeliveryReport failed = notifier.send(notice);
      DeliveryReport retried = notifier.send(notice);

      assertThat(failed.outcome()).isEqualTo(Outcome.RETRY);
      assertThat(failed.detail()).contains("500");
      assertThat(failed.retryAfter()).isEmpty();
      assertThat(retried.outcome()).isEqualTo(Outcome.DELIVERED);
      assertThat(notify.messageCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("an answer that is slow but within the read timeout is delivered")
    void slowAnswer() {
      notify.delayNext(Duration.ofMillis(500));

      assertThat(fixture.notifier().send(SampleNotices.invitation(EMAIL)).outcome()).isEqualTo(Outcome.DELIVERED);
    }

    @Test
    @DisplayName("no answer within the read timeout is RETRY, not a thread held forever")
    void noAnswer() {
      notify.hangNext();

      DeliveryReport report = fixture.notifier().send(SampleNotices.invitation(EMAIL));

      assertThat(report.outcome()).isEqualTo(Outcome.RETRY);
      assertThat(report.detail()).contains("timed out");
    }

    @Test
    @DisplayName("Notify down (connection refused) is RETRY")
    void down() {
      NotifyNotifier notifier = fixture.notifier(fixture.settings().baseUrl(NotifyNotifierContractTest.closedPort()).build());

      DeliveryReport report = notifier.send(SampleNotices.invitation(MOBILE));

      assertThat(report.outcome()).isEqualTo(Outcome.RETRY);
      assertThat(report.detail()).contains("could not connect");
    }
  }

  @Nested
  @DisplayName("Notify's documented errors")
  class DocumentedErrors {

    @ParameterizedTest(name = "{0} {1}: {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
        400 | ValidationError      | phone_number Not enough digits                                  | REJECTED | false
        400 | ValidationError      | email_address Not a valid email address                         | REJECTED | false
        400 | BadRequestError      | Cannot send to international mobile numbers                     | REJECTED | false
        400 | BadRequestError      | Text messages cannot be longer than 918 characters. Your message is 950 characters long. | REJECTED | false
        400 | BadRequestError      | Can't send to this recipient using a team-only API key          | RETRY    | true
        400 | BadRequestError      | Can't send to this recipient when service is in trial mode - see https://www.notifications.service.gov.uk/trial-mode | RETRY | true
        400 | BadRequestError      | Missing personalisation: title                                  | RETRY    | true
        400 | BadRequestError      | Template not found                                              | RETRY    | true
        400 | BadRequestError      | email template is not suitable for sms notification             | RETRY    | true
        401 | AuthError            | Unauthorized: authentication token must be provided             | RETRY    | true
        403 | AuthError            | Invalid token: API key not found                                | RETRY    | true
        403 | AuthError            | Error: Your system clock must be accurate to within 30 seconds  | RETRY    | true
        404 | NoResultFound        | No result found                                                 | RETRY    | true
        429 | RateLimitError       | Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds | RETRY | false
        429 | TooManyRequestsError | Exceeded send limits (250000) for today                         | RETRY    | false
        500 | Exception            | Internal server error                                           | RETRY    | false
        503 | Exception            | Service unavailable                                             | RETRY    | false
        """)
    @DisplayName("each maps to REJECTED, RETRY, or RETRY as a configuration problem; the detail names the status and"
        + " type but not Notify's text")
    void mapped(int status, String error, String message, Outcome outcome, boolean misconfigured) {
      notify.failNextSend(status, error, message);

      DeliveryReport report = fixture.notifier().send(SampleNotices.invitation(MOBILE));

      assertThat(report.outcome()).isEqualTo(outcome);
      assertThat(report.misconfigured()).isEqualTo(misconfigured);
      assertThat(report.retryAfter().isPresent()).isEqualTo(status == 429);
      assertThat(report.detail()).contains(Integer.toString(status), error).doesNotContain(message);
      assertThat(fixture.alarms).hasSize(misconfigured ? 1 : 0);
    }

    @Test
    @DisplayName("a proxy's HTML error page is RETRY on its status alone, and none of the page is repeated")
    void proxyPage() {
      notify.failNextRaw(502, "<html><body>502 Bad Gateway from proxy.force.example</body></html>");

      DeliveryReport report = fixture.notifier().send(SampleNotices.invitation(MOBILE));

      assertThat(report.outcome()).isEqualTo(Outcome.RETRY);
      assertThat(report.detail()).contains("502").doesNotContain("proxy", "html");
    }
  }

  @Nested
  @DisplayName("sent once")
  class SentOnce {

    @Test
    @DisplayName("when Notify accepted a message but its answer was lost, the retry reports that message instead of"
        + " sending a second")
    void lostAnswer() {
      NotifyNotifier notifier = fixture.notifier();
      InvitationNotice notice = SampleNotices.invitation(MOBILE);
      notify.acceptThenHangNextSend();

      DeliveryReport lost = notifier.send(notice);
      DeliveryReport retried = notifier.send(notice);

      assertThat(lost.outcome()).isEqualTo(Outcome.RETRY);
      assertThat(retried.outcome()).isEqualTo(Outcome.DELIVERED);
      assertThat(retried.detail()).contains("earlier attempt");
      assertThat(notify.messageCount()).isEqualTo(1);
      assertThat(notify.sends()).hasSize(1);
      assertThat(retried.providerMessageId()).isPresent();
    }

    @Test
    @DisplayName("a garbled answer to an accepted send is RETRY, and the retry finds the message")
    void garbledAnswer() {
      NotifyNotifier notifier = fixture.notifier();
      InvitationNotice notice = SampleNotices.invitation(EMAIL);
      notify.garbleNextSend();

      assertThat(notifier.send(notice).outcome()).isEqualTo(Outcome.RETRY);
      assertThat(notifier.send(notice).outcome()).isEqualTo(Outcome.DELIVERED);
      assertThat(notify.messageCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("without the check, a retry after a lost answer sends the message a second time")
    void withoutTheCheck() {
      NotifyNotifier notifier = fixture.notifier(fixture.settings().checkBeforeResend(false).build());
      InvitationNotice notice = SampleNotices.invitation(MOBILE);
      notify.acceptThenHangNextSend();

      notifier.send(notice);
      notifier.send(notice);

      assertThat(notify.messageCount()).isEqualTo(2);
    }

    @Test
    @DisplayName("an earlier attempt that failed (technical failure) does not stop the message being sent again")
    void earlierFailureResent() {
      NotifyNotifier notifier = fixture.notifier();
      notify.outcomeFor(EMAIL.value(), "technical-failure");
      InvitationNotice notice = SampleNotices.invitation(EMAIL);
      String first = notifier.send(notice).providerMessageId().orElseThrow();
      fixture.clock.advance(Duration.ofMinutes(2));

      DeliveryReport again = notifier.send(notice);

      assertThat(again.outcome()).isEqualTo(Outcome.DELIVERED);
      assertThat(again.providerMessageId()).isPresent().isNotEqualTo(Optional.of(first));
      assertThat(notify.messageCount()).isEqualTo(2);
    }

    @Test
    @DisplayName("after close() a send is RETRY and reaches nothing")
    void afterClose() {
      NotifyNotifier notifier = fixture.notifier();
      notifier.close();

      assertThat(notifier.send(SampleNotices.invitation(MOBILE)).outcome()).isEqualTo(Outcome.RETRY);
      assertThat(notify.requests()).isEmpty();
    }
  }
}
