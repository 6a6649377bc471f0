package io.evidencekit.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Event bodies: the leaf recomputed from the whole body")
class CustodyBodyTest {
  private static final String BODY = "{\"action\":\"ITEM_RECEIVED\",\"actor\":{\"id\":\"public:5b0c7d2e-0000-4000-8000-000000000001\","
      + "\"kind\":\"public\",\"name\":\"D Smith\"},\"at\":\"2024-05-03T09:00:00.123456Z\",\"details\":{\"sha256\":\"ab\",\"size\":\"42\"},"
      + "\"item\":\"5b0c7d2e-0000-4000-8000-000000000002\",\"request\":\"5b0c7d2e-0000-4000-8000-000000000003\",\"seq\":12,\"v\":1}";

  @Test
  @DisplayName("the leaf holds the body's ids, time, act and actor, and the SHA-256 of exactly the bytes given")
  void leafFromBody() throws Exception {
    CustodyBody body = CustodyBody.parse((BODY + "\n").getBytes(StandardCharsets.UTF_8));
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(BODY.getBytes(StandardCharsets.UTF_8));
    assertThat(body.leaf()).isEqualTo(new CustodyLeaf(12, Instant.parse("2024-05-03T09:00:00.123456Z"), "ITEM_RECEIVED",
        "public:5b0c7d2e-0000-4000-8000-000000000001", Optional.of(UUID.fromString("5b0c7d2e-0000-4000-8000-000000000003")),
        Optional.of(UUID.fromString("5b0c7d2e-0000-4000-8000-000000000002")), Sha256.of(hash)));
    assertThat(body.detail("size")).contains("42");
    assertThat(CustodyBody.parse(BODY.replace("D Smith", "D Smyth").getBytes(StandardCharsets.UTF_8)).leaf().hash())
        .as("any change to the body changes the leaf").isNotEqualTo(body.leaf().hash());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "[]", "{\"seq\":1}", "{\"seq\":1,\"seq\":2}", "{\"action\":\"A\",\"actor\":{\"id\":\"x\"},"
      + "\"at\":\"yesterday\",\"seq\":1}", "{\"action\":\"A\",\"actor\":{\"id\":\"x\"},\"at\":\"2024-05-03T09:00:00Z\","
      + "\"seq\":1,\"item\":\"5B0C7D2E-0000-4000-8000-000000000002\"}"})
  @DisplayName("a body that is not one well-formed event object is refused as INVALID_INPUT")
  void malformed(String text) {
    assertThatThrownBy(() -> CustodyBody.parse(text.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
  }
}
