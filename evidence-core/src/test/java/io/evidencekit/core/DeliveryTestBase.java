package io.evidencekit.core;

import static io.evidencekit.core.testing.TestData.WRIGHT;

import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.Delivery;
import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.NewEvidenceRequest;
import io.evidencekit.api.PhoneNumber;
import io.evidencekit.api.Recipient;
import io.evidencekit.core.testing.ScriptedNotifier;
import io.evidencekit.core.testing.TestData;
import io.evidencekit.spi.Channel;
import io.evidencekit.spi.Notifier;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Engines whose one notifier is a scripted backend serving email and text messages, and a recipient with both. */
abstract class DeliveryTestBase extends EngineTestBase {
  protected final ScriptedNotifier backend = new ScriptedNotifier(Set.of(Channel.EMAIL, Channel.SMS));

  @Override
  protected List<Notifier> notifiers() {
    return List.of(backend);
  }

  /** A request to a recipient with an email address and a UK mobile number. */
  protected EvidenceRequest requestToBoth() {
    return engine.officers().createRequest(WRIGHT, new NewEvidenceRequest("Burglary, 14 High Street",
        "CCTV from the shop front camera between 01:00 and 03:00 on 3 May.", TestData.WRIGHT_CONTACT,
        new Recipient("D Smith", Optional.of(new EmailAddress("d.smith@example.org")),
            Optional.of(PhoneNumber.ukMobile("07700 900123")))));
  }

  protected List<Delivery> deliveries(EvidenceRequest request) {
    return engine.officers().deliveries(WRIGHT, request.id(), "check delivery");
  }

  protected Delivery only(EvidenceRequest request, Channel channel) {
    return deliveries(request).stream().filter(d -> d.channel() == channel).reduce((a, b) -> {
      throw new AssertionError("more than one delivery by " + channel);
    }).orElseThrow();
  }

  protected List<CustodyEvent> events(EvidenceRequest request, CustodyAction action) {
    return engine.officers().custodyEvents(WRIGHT, request.id(), "check custody").stream()
        .filter(e -> e.action() == action).toList();
  }
}
