package io.evidencekit.core.custody;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.Actor;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.InvitationId;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.RequestId;
import io.evidencekit.verify.CanonicalJson;
import io.evidencekit.verify.CustodyLeaf;
import io.evidencekit.verify.Rfc6962;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The append path's encoder (bodies and leaves without maps)")
class EventEncoderTest {
  /** Strings that need escapes, sort unusually (UTF-16 order differs from code points) or do not survive UTF-8. */
  private static final String[] ODD = {"", "plain", "Wright, D.", "o'brien \"the\" \\ one", "tab\there\nnew\rline",
      "\u0001\u001f\u007f", "\u00e9\u20ac", "\ud83d\ude00 emoji", "\uff61 half-width", "lone \ud800 surrogate",
      "trailing \udc00", "\u2028\u2029", "/slash", "Z", "a", "\u00ff"};

  @Test
  @DisplayName("the pinned event encodes to the pinned body and body hash")
  void pinnedEvent() {
    PendingEvent event = PendingEvent.about(Instant.parse("2024-05-03T09:00:00.123456Z"),
        Actor.Officer.of("pc-4471", "Wright, D.", "supervisor"), CustodyAction.REQUEST_CREATED,
        new RequestId(UUID.fromString("00000000-0000-0000-0000-000000000001")), Map.of("reference", "46/00001/24"));
    EventEncoder.Encoded encoded = new EventEncoder().encode(7, event);
    assertThat(encoded.body()).isEqualTo(new String(EventBody.encode(7, event), StandardCharsets.UTF_8));
    assertThat(encoded.bodyHashHex()).isEqualTo("57f7408a18968f68c790b61c977d2d51ae7b81011cab81aaa4eab56584f29f87");
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 20240503})
  @DisplayName("bodies, body hashes and leaf hashes are exactly those of the general RFC 8785 encoder")
  void sameBytesAsTheGeneralEncoder(long seed) {
    System.out.println("EventEncoderTest seed " + seed);
    Random random = new Random(seed);
    EventEncoder encoder = new EventEncoder(); // reused, as an append reuses it
    HexFormat hex = HexFormat.of();
    for (int i = 0; i < 3_000; i++) {
      long seq = random.nextInt(4) == 0 ? random.nextInt(10) : random.nextLong() & ((1L << 53) - 1);
      PendingEvent event = randomEvent(random);
      byte[] reference = EventBody.encode(seq, event);
      EventEncoder.Encoded encoded = encoder.encode(seq, event);

      assertThat(encoded.body()).isEqualTo(new String(reference, StandardCharsets.UTF_8));
      assertThat(encoded.bodyHashHex()).isEqualTo(EventBody.sha256(reference).hex());
      assertThat(hex.formatHex(encoded.leafHash()))
          .isEqualTo(hex.formatHex(new Rfc6962().leafHash(canonicalLeaf(seq, event, EventBody.sha256(reference).hex()))));
    }
  }

  /** The leaf as the general RFC 8785 encoder writes it (the definition {@link CustodyLeaf} documents). */
  private static byte[] canonicalLeaf(long seq, PendingEvent event, String bodyHashHex) {
    Map<String, Object> leaf = new HashMap<>();
    leaf.put("v", CustodyLeaf.VERSION);
    leaf.put("seq", seq);
    leaf.put("at", event.at().toString());
    leaf.put("action", event.action().name());
    leaf.put("actor", event.actor().id());
    leaf.put("request", event.requestId().map(RequestId::toString).orElse(null));
    leaf.put("item", event.itemId().map(ItemId::toString).orElse(null));
    leaf.put("body", bodyHashHex);
    return CanonicalJson.encode(leaf);
  }

  private static PendingEvent randomEvent(Random random) {
    Instant at = Instant.ofEpochSecond(random.nextInt(4) == 0 ? random.nextInt(1 << 20) : 1_700_000_000L + random.nextInt(1 << 28),
        switch (random.nextInt(4)) {
          case 0 -> 0;
          case 1 -> random.nextInt(1_000) * 1_000_000;
          case 2 -> random.nextInt(1_000_000) * 1_000;
          default -> random.nextInt(1_000_000_000);
        });
    Actor actor = switch (random.nextInt(3)) {
      case 0 -> random.nextBoolean() ? Actor.Officer.of("pc-" + random.nextInt(9_999), "Wright, D.")
          : Actor.Officer.of("pc-" + random.nextInt(9_999), "O'Brien \u00e9", "supervisor", "disclosure", "Zulu", "\u00e9quipe");
      case 1 -> new Actor.PublicSubmitter(new InvitationId(new UUID(random.nextLong(), random.nextLong())),
          random.nextBoolean() ? "D Smith" : "Zo\u00eb \"Z\" \ud83d\ude00 Smith");
      default -> new Actor.SystemActor(random.nextBoolean() ? "outbox" : "ingest");
    };
    Map<String, String> details = new HashMap<>();
    for (int k = random.nextInt(6); k > 0; k--) {
      details.put(ODD[random.nextInt(ODD.length)] + (random.nextBoolean() ? "" : Integer.toString(random.nextInt(100))),
          ODD[random.nextInt(ODD.length)]);
    }
    CustodyAction action = CustodyAction.values()[random.nextInt(CustodyAction.values().length)];
    return new PendingEvent(at, actor, action,
        random.nextInt(5) == 0 ? Optional.empty() : Optional.of(new RequestId(new UUID(random.nextLong(), random.nextLong()))),
        random.nextBoolean() ? Optional.empty() : Optional.of(new ItemId(new UUID(random.nextLong(), random.nextLong()))),
        random.nextBoolean() ? Optional.empty() : Optional.of(ODD[random.nextInt(ODD.length)]), details);
  }
}
