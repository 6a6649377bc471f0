package io.evidencekit.core;

import static io.evidencekit.core.testing.TestData.WRIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.Delivery;
import io.evidencekit.api.DeliveryState;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.PhoneNumber;
import io.evidencekit.core.testing.DatabaseKind;
import io.evidencekit.core.testing.TestData;
import io.evidencekit.spi.Channel;
import io.evidencekit.spi.Notification;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("Choosing how a link is sent")
class InvitationChannelsTest extends DeliveryTestBase {

  @Test
  @DisplayName("by default a link goes on every channel the recipient has and a notifier serves, each a delivery the officer sees")
  void everyChannelByDefault() {
    EvidenceRequest request = requestToBoth();
    engine.officers().issueInvitation(WRIGHT, request.id(), "initial request");
    assertThat(deliveries(request)).extracting(Delivery::channel).containsExactlyInAnyOrder(Channel.EMAIL, Channel.SMS);
    assertThat(deliveries(request)).extracting(Delivery::state).containsOnly(DeliveryState.PENDING);

    assertThat(engine.operations().deliverPendingNotifications()).isEqualTo(2);
    assertThat(backend.accepted()).extracting(n -> n.to().value())
        .containsExactlyInAnyOrder("d.smith@example.org", "+447700900123");
    assertThat(events(request, CustodyAction.INVITATION_ISSUED).get(0).details()).containsEntry("channels", "EMAIL,SMS");
  }

  @Test
  @DisplayName("an officer may send a link by text message alone; the invitation then names the mobile number")
  void textOnly() {
    EvidenceRequest request = requestToBoth();
    var issued = engine.officers().issueInvitation(WRIGHT, request.id(), "recipient asked for a text",
        Set.of(Channel.SMS));
    assertThat(issued.invitation().sentTo()).isEqualTo(new PhoneNumber("+447700900123"));
    engine.operations().deliverPendingNotifications();
    assertThat(backend.accepted()).extracting(Notification::channel).containsExactly(Channel.SMS);
    assertThat(deliveries(request)).singleElement().satisfies(d -> {
      assertThat(d.channel()).isEqualTo(Channel.SMS);
      assertThat(d.invitation()).contains(issued.invitation().id());
    });
    assertThat(events(request, CustodyAction.INVITATION_ISSUED).get(0).details()).containsEntry("channels", "SMS");
  }

  @Test
  @DisplayName("a channel the recipient cannot be reached on, or none at all, is refused and no link is issued")
  void unreachableChannelRefused() {
    EvidenceRequest emailOnly = engine.officers().createRequest(WRIGHT, TestData.burglaryRequest());
    assertThatThrownBy(() -> engine.officers().issueInvitation(WRIGHT, emailOnly.id(), "text it", Set.of(Channel.SMS)))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
    assertThatThrownBy(() -> engine.officers().issueInvitation(WRIGHT, emailOnly.id(), "nothing", Set.of()))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
    assertThat(engine.officers().invitations(WRIGHT, emailOnly.id(), "check")).isEmpty();
    assertThat(deliveries(emailOnly)).isEmpty();
  }

  @Test
  @DisplayName("a channel no notifier of the engine serves is refused")
  void unservedChannelRefused() {
    order = java.util.List.of(notifier);
    engine = newEngine(b -> {});
    EvidenceRequest request = requestToBoth();
    assertThatThrownBy(() -> engine.officers().issueInvitation(WRIGHT, request.id(), "text it", Set.of(Channel.SMS)))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
    assertThat(engine.officers().invitations(WRIGHT, request.id(), "check")).isEmpty();
  }

  @Test
  @DisplayName("the officer's view of deliveries is itself a custody event, and notices to the officer are listed too")
  void deliveriesViewRecorded() {
    EvidenceRequest request = requestToBoth();
    var link = engine.officers().issueInvitation(WRIGHT, request.id(), "initial request", Set.of(Channel.EMAIL));
    engine.operations().deliverPendingNotifications();
    clock.advance(java.time.Duration.ofMinutes(5));
    var submission = engine.publicSide().startSubmission(link.token());
    engine.publicSide().addFile(link.token(), submission, "a.txt", "text/plain", TestData.utf8("footage"));
    engine.publicSide().submit(link.token(), submission, java.util.Optional.empty(), io.evidencekit.api.Declaration.of(1));
    engine.operations().deliverPendingNotifications();

    assertThat(deliveries(request)).hasSize(2).satisfies(list -> {
      assertThat(list.get(0).invitation()).isPresent();
      assertThat(list.get(1).invitation()).as("the notice to the officer").isEmpty();
    });
    assertThat(events(request, CustodyAction.REQUEST_VIEWED)).anySatisfy(e ->
        assertThat(e.details()).containsEntry("view", "deliveries"));
  }

  private java.util.List<io.evidencekit.spi.Notifier> order;

  @Override
  protected java.util.List<io.evidencekit.spi.Notifier> notifiers() {
    return order != null ? order : super.notifiers();
  }
}
