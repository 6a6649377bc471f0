package io.evidencekit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.Receipt;
import io.evidencekit.notify.govuk.FakeNotify;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The example force system switched to GOV.UK Notify (the README's Notify command)")
class ForceSystemNotifyTest {
  private static final Pattern FINAL = Pattern.compile("(email|text message), Notify id ([0-9a-f-]{36}): final status (\\w+)");

  @Test
  @DisplayName("sends the invitation by email and by text message through Notify, prints each message's Notify id and final status, and runs the rest as before")
  void invitationThroughNotify(@TempDir Path data) throws Exception {
    try (FakeNotify notify = new FakeNotify(new FastClock(120))) {
      UUID sms = notify.addSuggestedTemplate("invitation-sms.txt");
      UUID email = notify.addSuggestedTemplate("invitation-email.txt");
      List<String> args = List.of("--notify-url", notify.baseUrl().toString(), "--notify-key", notify.apiKey(),
          "--sms-template", sms.toString(), "--email-template", email.toString());

      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      Receipt receipt = new ForceSystem(new PrintStream(bytes, true, StandardCharsets.UTF_8))
          .runScenario(data, NotifyOptions.from(args));
      String out = bytes.toString(StandardCharsets.UTF_8);

      assertThat(notify.messageCount()).isEqualTo(2);
      assertThat(notify.messagesTo("+447700900123")).singleElement().asString()
          .contains("Hello D Smith").contains(receipt.reference().value()).contains("/r/")
          .contains("Replies to this message are not monitored.");
      assertThat(notify.messagesTo("d.smith@example.org")).hasSize(1);

      List<String> channels = new ArrayList<>();
      Matcher m = FINAL.matcher(out);
      while (m.find()) {
        channels.add(m.group(1));
        assertThat(m.group(3)).isEqualTo("DELIVERED");
        assertThat(notify.status(UUID.fromString(m.group(2)))).isEqualTo("delivered");
      }
      assertThat(channels).containsExactlyInAnyOrder("email", "text message");
      assertThat(out)
          .doesNotContain(notify.apiKey())
          .contains("DELIVERY_STATUS_CHANGED")
          .contains("Evidence received: " + receipt.reference() + " (2 files)")
          .contains("OFFICER_NOTIFIED")
          .contains("audit of the whole log: INTACT")
          .contains("disclosure package: VERIFIED")
          .contains("Done: request -> invite -> upload -> notify -> custody verified -> disclosed and the package verified"
              + " -> retention -> video calls imported.");
    }
  }

  @Test
  @DisplayName("the Notify switch needs all four options, and names the one missing without repeating the key")
  void partialOptionsRefused() {
    assertThat(NotifyOptions.from(List.of("--data", "x"))).isEmpty();
    assertThatThrownBy(() -> NotifyOptions.from(List.of("--notify-url", "http://127.0.0.1:1", "--notify-key", "secret-key")))
        .isInstanceOf(EvidenceException.class)
        .hasMessageContaining("--sms-template")
        .hasMessageNotContaining("secret-key")
        .extracting("code").isEqualTo(ErrorCode.CONFIGURATION);
  }
}
