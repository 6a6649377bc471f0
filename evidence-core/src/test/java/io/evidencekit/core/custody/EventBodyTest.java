package io.evidencekit.core.custody;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.Actor;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.RequestId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Canonical event bodies (RFC 8785)")
class EventBodyTest {

  @Test
  @DisplayName("a known event encodes to known bytes with a known SHA-256; the format never changes")
  void pinnedEvent() {
    PendingEvent event = PendingEvent.about(Instant.parse("2024-05-03T09:00:00.123456Z"),
        Actor.Officer.of("pc-4471", "Wright, D.", "supervisor"), CustodyAction.REQUEST_CREATED,
        new RequestId(UUID.fromString("00000000-0000-0000-0000-000000000001")), Map.of("reference", "46/00001/24"));
    byte[] body = EventBody.encode(7, event);
    assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(
        "{\"action\":\"REQUEST_CREATED\",\"actor\":{\"id\":\"officer:pc-4471\",\"kind\":\"officer\","
            + "\"name\":\"Wright, D.\",\"roles\":\"supervisor\"},\"at\":\"2024-05-03T09:00:00.123456Z\","
            + "\"details\":{\"reference\":\"46/00001/24\"},\"request\":\"00000000-0000-0000-0000-000000000001\","
            + "\"seq\":7,\"v\":1}");
    assertThat(EventBody.sha256(body).hex()).isEqualTo(PINNED_SHA256);
  }

  // Computed independently: printf %s BODY | sha256sum
  private static final String PINNED_SHA256 = "57f7408a18968f68c790b61c977d2d51ae7b81011cab81aaa4eab56584f29f87";
}
