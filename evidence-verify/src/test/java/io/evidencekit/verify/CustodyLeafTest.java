package io.evidencekit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.Actor;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.InvitationId;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.Sha256;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Custody leaves (what the Merkle tree commits to)")
class CustodyLeafTest {
  private static final UUID REQUEST = UUID.fromString("00000000-0000-0000-0000-000000000001");
  private static final UUID INVITATION = UUID.fromString("00000000-0000-0000-0000-000000000002");
  private static final UUID ITEM = UUID.fromString("00000000-0000-0000-0000-000000000003");
  private static final Sha256 BODY = new Sha256("57f7408a18968f68c790b61c977d2d51ae7b81011cab81aaa4eab56584f29f87");

  @Test
  @DisplayName("a known event encodes to known leaf bytes and a known RFC 6962 leaf hash; the format never changes")
  void pinnedLeaf() {
    CustodyEvent event = new CustodyEvent(7, Instant.parse("2024-05-03T09:00:00.123456Z"),
        new Actor.PublicSubmitter(new InvitationId(INVITATION), "D Smith"), CustodyAction.ITEM_RECEIVED,
        Optional.of(new RequestId(REQUEST)), Optional.of(new ItemId(ITEM)), Optional.of("a reason"),
        Map.of("name", "front.mp4"), BODY);
    CustodyLeaf leaf = CustodyLeaf.of(event);
    assertThat(new String(leaf.bytes(), StandardCharsets.UTF_8)).isEqualTo(
        "{\"action\":\"ITEM_RECEIVED\",\"actor\":\"public:00000000-0000-0000-0000-000000000002\","
            + "\"at\":\"2024-05-03T09:00:00.123456Z\",\"body\":\"" + BODY.hex() + "\","
            + "\"item\":\"00000000-0000-0000-0000-000000000003\",\"request\":\"00000000-0000-0000-0000-000000000001\","
            + "\"seq\":7,\"v\":1}");
    // Computed independently: (printf '\x00'; printf %s LEAF) | sha256sum
    assertThat(leaf.hashHex()).isEqualTo("f9efbc4f5a26f4697c4fdba220924e4ded3bfbd8c66b3c04f9980b656a84034e");
  }

  @Test
  @DisplayName("absent ids are left out, and a whole second has no fraction")
  void pinnedLeafWithoutItem() {
    CustodyLeaf leaf = new CustodyLeaf(0, Instant.parse("2024-05-03T09:00:00Z"), "REQUEST_CREATED", "officer:pc-4471",
        Optional.of(REQUEST), Optional.empty(), BODY);
    assertThat(new String(leaf.bytes(), StandardCharsets.UTF_8)).isEqualTo(
        "{\"action\":\"REQUEST_CREATED\",\"actor\":\"officer:pc-4471\",\"at\":\"2024-05-03T09:00:00Z\",\"body\":\""
            + BODY.hex() + "\",\"request\":\"00000000-0000-0000-0000-000000000001\",\"seq\":0,\"v\":1}");
    assertThat(leaf.hashHex()).isEqualTo("d773e00d5113eaef1f909bbe3267026dafa02c9431e0b6613e9f5b455d7452c4");
  }

  @Test
  @DisplayName("the leaf holds the body's hash, not the body: names, reasons and details do not change it")
  void redactionKeepsTheLeaf() {
    Instant at = Instant.parse("2024-05-03T09:00:00Z");
    CustodyEvent original = new CustodyEvent(3, at, Actor.Officer.of("pc-4471", "Wright, D."), CustodyAction.ITEM_VIEWED,
        Optional.of(new RequestId(REQUEST)), Optional.of(new ItemId(ITEM)), Optional.of("review"),
        Map.of("name", "front camera of D Smith.mp4"), BODY);
    CustodyEvent redacted = new CustodyEvent(3, at, Actor.Officer.of("pc-4471", "[redacted]"), CustodyAction.ITEM_VIEWED,
        Optional.of(new RequestId(REQUEST)), Optional.of(new ItemId(ITEM)), Optional.empty(), Map.of(), BODY);
    assertThat(CustodyLeaf.of(redacted).hash()).isEqualTo(CustodyLeaf.of(original).hash());
  }

  @Test
  @DisplayName("every field that is in the leaf changes its hash")
  void everyFieldCounts() {
    CustodyLeaf base = new CustodyLeaf(5, Instant.parse("2024-05-03T09:00:00Z"), "ITEM_VIEWED", "officer:a",
        Optional.of(REQUEST), Optional.of(ITEM), BODY);
    String hash = base.hashHex();
    assertThat(new CustodyLeaf(6, base.at(), base.action(), base.actorId(), base.requestId(), base.itemId(), BODY).hashHex()).isNotEqualTo(hash);
    assertThat(new CustodyLeaf(5, base.at().plusNanos(1000), base.action(), base.actorId(), base.requestId(), base.itemId(), BODY).hashHex()).isNotEqualTo(hash);
    assertThat(new CustodyLeaf(5, base.at(), "ITEM_DOWNLOADED", base.actorId(), base.requestId(), base.itemId(), BODY).hashHex()).isNotEqualTo(hash);
    assertThat(new CustodyLeaf(5, base.at(), base.action(), "officer:b", base.requestId(), base.itemId(), BODY).hashHex()).isNotEqualTo(hash);
    assertThat(new CustodyLeaf(5, base.at(), base.action(), base.actorId(), Optional.empty(), base.itemId(), BODY).hashHex()).isNotEqualTo(hash);
    assertThat(new CustodyLeaf(5, base.at(), base.action(), base.actorId(), base.requestId(), Optional.empty(), BODY).hashHex()).isNotEqualTo(hash);
    assertThat(new CustodyLeaf(5, base.at(), base.action(), base.actorId(), base.requestId(), base.itemId(),
        new Sha256("0".repeat(64))).hashHex()).isNotEqualTo(hash);
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "seed {0}")
  @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3, 20240503})
  @DisplayName("the direct leaf writer produces exactly the RFC 8785 encoding of the general encoder")
  void directWriterIsCanonical(long seed) {
    System.out.println("CustodyLeafTest seed " + seed);
    java.util.Random random = new java.util.Random(seed);
    String[] odd = {"officer:o'brien \"the\" \\ one", "officer:\u00e9\u20ac\ud83d\ude00", "system:tab\there", "officer:\u0001\u001f", "public:x"};
    for (int i = 0; i < 2_000; i++) {
      CustodyLeaf leaf = new CustodyLeaf(random.nextInt(1 << 30),
          Instant.ofEpochSecond(1_700_000_000L + random.nextInt(1 << 28), random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000) * 1_000L),
          CustodyAction.values()[random.nextInt(CustodyAction.values().length)].name(), odd[random.nextInt(odd.length)],
          random.nextBoolean() ? Optional.of(new UUID(random.nextLong(), random.nextLong())) : Optional.empty(),
          random.nextBoolean() ? Optional.of(new UUID(random.nextLong(), random.nextLong())) : Optional.empty(), BODY);
      assertThat(new String(leaf.bytes(), StandardCharsets.UTF_8)).isEqualTo(new String(leaf.canonicalBytes(), StandardCharsets.UTF_8));
    }
  }
}
