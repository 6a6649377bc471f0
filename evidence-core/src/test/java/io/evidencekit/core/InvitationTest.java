package io.evidencekit.core;

import static io.evidencekit.core.testing.TestData.WRIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.Invitation;
import io.evidencekit.api.InvitationState;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.api.PublicRequestView;
import io.evidencekit.core.testing.DatabaseKind;
import io.evidencekit.core.testing.TestData;
import io.evidencekit.spi.InvitationNotice;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("Invitation links")
class InvitationTest extends EngineTestBase {

  @Test
  @DisplayName("a link carries a token of at least 128 random bits, and the database holds only its hash")
  void tokenIsLongAndStoredHashed() throws Exception {
    IssuedInvitation link = requestAndInvite();
    assertThat(Base64.getUrlDecoder().decode(link.token())).hasSizeGreaterThanOrEqualTo(16);
    assertThat(link.link().toString()).isEqualTo("https://evidence.kent.police.example/r/" + link.token());
    assertThat(databaseText()).doesNotContain(link.token());
    assertThat(link.toString()).doesNotContain(link.token());
  }

  @Test
  @DisplayName("the invitation email carries the link, and once delivered the sealed token is erased from the outbox")
  void invitationDelivered() throws Exception {
    IssuedInvitation link = requestAndInvite();
    assertThat(engine.operations().deliverPendingNotifications()).isEqualTo(1);
    InvitationNotice notice = (InvitationNotice) notifier.sent().get(0);
    assertThat(notice.link()).isEqualTo(link.link());
    assertThat(notice.recipientName()).isEqualTo("D Smith");
    assertThat(notice.officerName()).isEqualTo("D. Wright");
    assertThat(notice.validity()).isEqualTo(Duration.ofDays(10));
    assertThat(notice.reference().value()).isEqualTo("46/00001/24");
    assertThat(scalar("SELECT COUNT(*) FROM outbox WHERE sealed_secret IS NOT NULL")).isZero();
  }

  @Test
  @DisplayName("looking at an invitation, however often, never consumes or changes it")
  void viewingChangesNothing() {
    IssuedInvitation link = requestAndInvite();
    long events = engine.custody().size();
    for (int i = 0; i < 5; i++) {
      PublicRequestView view = engine.publicSide().viewInvitation(link.token());
      assertThat(view.reference().value()).isEqualTo("46/00001/24");
      assertThat(view.officerDisplayName()).isEqualTo("Wright, D.");
      assertThat(view.expiresAt()).isEqualTo(START.plus(Duration.ofDays(10)));
    }
    assertThat(engine.custody().size()).isEqualTo(events);
    assertThat(engine.officers().invitations(WRIGHT, link.invitation().requestId(), "check").get(0).state())
        .isEqualTo(InvitationState.ACTIVE);
  }

  @Test
  @DisplayName("an expired link answers INVITATION_EXPIRED and changes nothing")
  void expiredLink() {
    IssuedInvitation link = requestAndInvite();
    long events = engine.custody().size();
    clock.advance(Duration.ofDays(10));
    assertThatThrownBy(() -> engine.publicSide().viewInvitation(link.token()))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVITATION_EXPIRED);
    assertThatThrownBy(() -> engine.publicSide().startSubmission(link.token()))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVITATION_EXPIRED);
    assertThat(engine.custody().size()).isEqualTo(events);
  }

  @Test
  @DisplayName("a link still works one second before its validity ends")
  void linkWorksUntilExpiry() {
    IssuedInvitation link = requestAndInvite();
    clock.advance(Duration.ofDays(10).minusSeconds(1));
    assertThat(engine.publicSide().viewInvitation(link.token()).reference().value()).isEqualTo("46/00001/24");
  }

  @Test
  @DisplayName("validity is configurable (e.g. 3 days)")
  void configurableValidity() {
    engine = newEngine(b -> b.invitationValidity(Duration.ofDays(3)));
    IssuedInvitation link = requestAndInvite();
    assertThat(link.invitation().expiresAt()).isEqualTo(START.plus(Duration.ofDays(3)));
  }

  @Test
  @DisplayName("a revoked link answers INVITATION_REVOKED, and the revocation is a custody event with its reason")
  void revokedLink() {
    IssuedInvitation link = requestAndInvite();
    engine.officers().revokeInvitation(WRIGHT, link.invitation().requestId(), link.invitation().id(), "sent to the wrong person");
    assertThatThrownBy(() -> engine.publicSide().viewInvitation(link.token()))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVITATION_REVOKED);
    CustodyEvent revoked = engine.custody().events(TestData.AUDITOR, 0, 100, "audit in a test").stream()
        .filter(e -> e.action() == CustodyAction.INVITATION_REVOKED).findFirst().orElseThrow();
    assertThat(revoked.reason()).contains("sent to the wrong person");
    assertThat(revoked.actor()).isEqualTo(WRIGHT);
  }

  @Test
  @DisplayName("re-issuing kills the previous link at once, and its undelivered message is never sent")
  void reissueKillsPreviousLink() {
    EvidenceRequest request = engine.officers().createRequest(WRIGHT, TestData.burglaryRequest());
    IssuedInvitation first = engine.officers().issueInvitation(WRIGHT, request.id(), "first");
    IssuedInvitation second = engine.officers().issueInvitation(WRIGHT, request.id(), "lost the email");
    assertThatThrownBy(() -> engine.publicSide().viewInvitation(first.token()))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVITATION_REVOKED);
    assertThat(engine.publicSide().viewInvitation(second.token()).reference()).isEqualTo(request.reference());
    engine.operations().deliverPendingNotifications();
    assertThat(notifier.sent()).hasSize(1);
    assertThat(((InvitationNotice) notifier.sent().get(0)).link()).isEqualTo(second.link());
    List<Invitation> invitations = engine.officers().invitations(WRIGHT, request.id(), "check");
    assertThat(invitations).extracting(Invitation::state)
        .containsExactlyInAnyOrder(InvitationState.SUPERSEDED, InvitationState.ACTIVE);
  }

  @Test
  @DisplayName("unknown, malformed and empty tokens all get the same INVITATION_UNKNOWN answer")
  void unknownTokens() {
    requestAndInvite();
    for (String token : List.of("A".repeat(43), "not-a-token", "", "../../etc/passwd", "A".repeat(10_000))) {
      assertThatThrownBy(() -> engine.publicSide().viewInvitation(token))
          .isInstanceOf(EvidenceException.class)
          .satisfies(e -> {
            assertThat(((EvidenceException) e).code()).isEqualTo(ErrorCode.INVITATION_UNKNOWN);
            assertThat(e.getMessage()).doesNotContain(token.isEmpty() ? "\u0000" : token);
          });
    }
  }

  @Test
  @DisplayName("references follow the pattern, count up per year and restart in a new year")
  void referencesPerYear() {
    EvidenceRequest a = engine.officers().createRequest(WRIGHT, TestData.burglaryRequest());
    EvidenceRequest b = engine.officers().createRequest(WRIGHT, TestData.burglaryRequest());
    clock.set(java.time.Instant.parse("2025-01-01T00:00:00Z"));
    EvidenceRequest c = engine.officers().createRequest(WRIGHT, TestData.burglaryRequest());
    assertThat(List.of(a, b, c)).extracting(r -> r.reference().value())
        .containsExactly("46/00001/24", "46/00002/24", "46/00001/25");
  }

  private long scalar(String sql) throws Exception {
    try (var c = dataSource().getConnection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Every text and binary value in the tables that could hold a token, as text. */
  private String databaseText() throws Exception {
    StringBuilder all = new StringBuilder();
    try (var c = dataSource().getConnection(); var s = c.createStatement()) {
      for (String table : List.of("invitation", "outbox", "custody_event", "evidence_request")) {
        try (var rs = s.executeQuery("SELECT * FROM " + table)) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= columns; i++) {
              Object v = rs.getObject(i);
              if (v instanceof byte[] bytes) {
                all.append(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)).append('|');
                all.append(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)).append('|');
              } else {
                all.append(v).append('|');
              }
            }
          }
        }
      }
    }
    return all.toString();
  }
}
