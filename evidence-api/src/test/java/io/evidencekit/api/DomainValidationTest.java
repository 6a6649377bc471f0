package io.evidencekit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Domain records validate themselves")
class DomainValidationTest {
  private static final RequestingOfficer OFFICER = new RequestingOfficer("pc-1", "Wright, D.",
      new EmailAddress("d.wright@force.example"), new PhoneNumber("+441622690690"));
  private static final Recipient RECIPIENT = Recipient.byEmail("D Smith", "d.smith@example.org");

  private static void assertInvalid(Runnable r) {
    assertThatThrownBy(r::run).isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "plain", "a@b", "a@@b.example", "a b@c.example", ".a@b.example", "a..b@c.example",
      "a@b.example\r\nBcc: x@y.example", "D Smith <d@example.org>", "a@-b.example"})
  @DisplayName("a malformed email address is refused with INVALID_INPUT")
  void malformedEmail(String text) {
    assertInvalid(() -> new EmailAddress(text));
  }

  @Test
  @DisplayName("an email address's domain is lower-cased and its local part kept")
  void emailCanonical() {
    assertThat(new EmailAddress("D.Smith@Example.ORG").value()).isEqualTo("D.Smith@example.org");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"07700900123", "+0447700900123", "+44 7700 900123", "+4477", "+1234567890123456", "", "+44770090012a"})
  @DisplayName("a phone number not in E.164 form is refused with INVALID_INPUT")
  void malformedPhone(String text) {
    assertInvalid(() -> new PhoneNumber(text));
  }

  @Test
  @DisplayName("an E.164 number is accepted")
  void e164() {
    assertThat(new PhoneNumber("+447700900123").value()).isEqualTo("+447700900123");
  }

  @Test
  @DisplayName("an empty or blank description is refused")
  void emptyDescription() {
    assertInvalid(() -> new NewEvidenceRequest("Burglary", "  ", OFFICER, RECIPIENT));
    assertInvalid(() -> new NewEvidenceRequest("Burglary", "", OFFICER, RECIPIENT));
  }

  @Test
  @DisplayName("a description over 2,000 characters is refused, and one of exactly 2,000 is accepted")
  void longDescription() {
    assertInvalid(() -> new NewEvidenceRequest("Burglary", "x".repeat(2_001), OFFICER, RECIPIENT));
    assertThat(new NewEvidenceRequest("Burglary", "x".repeat(2_000), OFFICER, RECIPIENT).description()).hasSize(2_000);
  }

  @Test
  @DisplayName("a recipient needs an email address or a mobile number")
  void recipientNeedsContact() {
    assertInvalid(() -> new Recipient("D Smith", Optional.empty(), Optional.empty()));
    assertThat(new Recipient("D Smith", Optional.empty(), Optional.of(new PhoneNumber("+447700900123"))).mobile()).isPresent();
  }

  @Test
  @DisplayName("names that end up in headers must be a single line")
  void namesAreSingleLine() {
    assertInvalid(() -> Recipient.byEmail("D Smith\r\nBcc: evil@example.com", "d@example.org"));
    assertInvalid(() -> Actor.Officer.of("pc-1\n", "Wright"));
  }

  @Test
  @DisplayName("the officer's name reads 'D. Wright' from 'Wright, D.'")
  void nameInReadingOrder() {
    assertThat(OFFICER.nameInReadingOrder()).isEqualTo("D. Wright");
  }

  @Test
  @DisplayName("an issued invitation never shows its token in toString")
  void issuedInvitationHidesToken() {
    var inv = new Invitation(new InvitationId(java.util.UUID.randomUUID()), new RequestId(java.util.UUID.randomUUID()),
        RECIPIENT.email().orElseThrow(), InvitationState.ACTIVE, java.time.Instant.EPOCH,
        java.time.Instant.EPOCH.plusSeconds(1), Optional.empty());
    var issued = new IssuedInvitation(inv, "secret-token-value", java.net.URI.create("https://x.example/r/secret-token-value"));
    assertThat(issued.toString()).doesNotContain("secret-token-value");
  }

  @Test
  @DisplayName("limits must be positive and a file limit cannot exceed the submission limit")
  void limits() {
    assertInvalid(() -> new Limits(0, 1, 1));
    assertInvalid(() -> new Limits(1, 10, 5));
  }

  @Test
  @DisplayName("a SHA-256 is 64 lower-case hex digits")
  void sha256() {
    assertInvalid(() -> new Sha256("ABC"));
    assertInvalid(() -> new Sha256("A".repeat(64)));
    assertThat(Sha256.of(new byte[32]).hex()).isEqualTo("0".repeat(64));
  }
}
