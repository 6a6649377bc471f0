package io.evidencekit.notify.govuk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.spi.Channel;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("NotifySettings and NotifyApiKey")
class NotifySettingsTest {
  static final UUID SERVICE = UUID.fromString("26785a09-ab16-4eb0-8407-a37497a57506");
  static final String SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0";
  static final String KEY = "evidence_live-" + SERVICE + "-" + SECRET;
  static final UUID TEMPLATE = UUID.fromString("f33517ff-2a88-4f6e-b855-c550268ce08a");

  static NotifySettings.Builder builder() {
    return NotifySettings.builder(KEY, "Kent Police").invitationTemplate(Channel.SMS, TEMPLATE);
  }

  static void assertConfiguration(Runnable r) {
    assertThatThrownBy(r::run).isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.CONFIGURATION);
  }

  @Test
  @DisplayName("a key in Notify's form gives its name and service id; toString shows those and never the secret")
  void keyParts() {
    NotifyApiKey key = NotifyApiKey.of(KEY);

    assertThat(key.keyName()).isEqualTo("evidence_live");
    assertThat(key.serviceId()).isEqualTo(SERVICE);
    assertThat(key.toString()).isEqualTo("evidence_live-" + SERVICE + "-***");
    assertThat(builder().build().toString()).contains(SERVICE.toString()).doesNotContain(SECRET);
  }

  @Test
  @DisplayName("a key name may itself contain hyphens")
  void hyphenatedName() {
    assertThat(NotifyApiKey.of("evidence-live-key-" + SERVICE + "-" + SECRET).keyName()).isEqualTo("evidence-live-key");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"", "evidence_live", SECRET, "26785a09-ab16-4eb0-8407-a37497a57506-" + SECRET,
      "name-26785a09-ab16-4eb0-8407-a37497a57506" + SECRET, "name-1-2-3-4-5-" + SECRET,
      "name-26785a09-ab16-4eb0-8407-a37497a5750z-" + SECRET, "my key-26785a09-ab16-4eb0-8407-a37497a57506-" + SECRET,
      "name-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b"})
  @DisplayName("a key not in Notify's form is a CONFIGURATION error whose message does not repeat it")
  void malformedKeys(String key) {
    assertThatThrownBy(() -> NotifyApiKey.of(key))
        .isInstanceOf(EvidenceException.class)
        .satisfies(e -> {
          assertThat(((EvidenceException) e).code()).isEqualTo(ErrorCode.CONFIGURATION);
          assertThat(e.getMessage()).doesNotContain("3d844edf", "26785a09");
        });
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"https://api.notifications.service.gov.uk", "http://127.0.0.1:8080", "http://localhost:9000",
      "http://[::1]:9000", "https://notify.proxy.force.example/notify"})
  @DisplayName("https anywhere, and plain http on this machine, are accepted")
  void acceptedUrls(String url) {
    assertThat(builder().baseUrl(URI.create(url)).build().baseUrl()).isEqualTo(URI.create(url));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"http://api.notifications.service.gov.uk", "http://10.0.0.5", "ftp://127.0.0.1",
      "https://user:pw@api.example", "https://api.example?x=1", "/v2", "http://127.0.0.1.nip.io"})
  @DisplayName("plain http to another machine, and URLs with credentials, queries or no host, are refused")
  void refusedUrls(String url) {
    assertConfiguration(() -> builder().baseUrl(URI.create(url)).build());
  }

  @Test
  @DisplayName("a trailing slash is dropped, since the client appends /v2/...")
  void trailingSlash() {
    assertThat(builder().baseUrl(URI.create("https://notify.example/")).build().baseUrl())
        .isEqualTo(URI.create("https://notify.example"));
  }

  @Test
  @DisplayName("the channels are those with at least one template, and at least one template is needed")
  void channels() {
    assertThat(builder().build().templates().channels()).isEqualTo(Set.of(Channel.SMS));
    assertThat(builder().submissionTemplate(Channel.EMAIL, TEMPLATE).build().templates().channels())
        .isEqualTo(Set.of(Channel.SMS, Channel.EMAIL));
    assertConfiguration(() -> NotifySettings.builder(KEY, "Kent Police").build());
  }

  @Test
  @DisplayName("text length must be 160 to 918; timeouts positive and at most five minutes; the force named on one line")
  void limits() {
    assertThat(builder().smsMaxLength(160).build().smsMaxLength()).isEqualTo(160);
    assertThat(builder().smsMaxLength(918).build().smsMaxLength()).isEqualTo(918);
    assertConfiguration(() -> builder().smsMaxLength(159).build());
    assertConfiguration(() -> builder().smsMaxLength(919).build());
    assertConfiguration(() -> builder().readTimeout(Duration.ZERO).build());
    assertConfiguration(() -> builder().connectTimeout(Duration.ofMinutes(6)).build());
    assertConfiguration(() -> NotifySettings.builder(KEY, "Kent\nPolice").invitationTemplate(Channel.SMS, TEMPLATE).build());
  }

  @Test
  @DisplayName("the notifier declares the channels it has templates for, and its toString hides the secret")
  void notifierChannels() {
    try (NotifyNotifier notifier = new NotifyNotifier(builder().build())) {
      assertThat(notifier.channels()).isEqualTo(Set.of(Channel.SMS));
      assertThat(notifier.toString()).doesNotContain(SECRET);
    }
  }
}
