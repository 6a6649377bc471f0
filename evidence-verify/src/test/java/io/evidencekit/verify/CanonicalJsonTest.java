package io.evidencekit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Canonical JSON (RFC 8785)")
class CanonicalJsonTest {

  @Test
  @DisplayName("keys are sorted by UTF-16 code units, strings minimally escaped, no white space")
  void jcsRules() {
    byte[] bytes = CanonicalJson.encode(Map.of("b", "x\"\\\n\u0001é€", "a", 5L, "\u20ac", "euro", "Z", Map.of("y", "1", "x", "2")));
    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .isEqualTo("{\"Z\":{\"x\":\"2\",\"y\":\"1\"},\"a\":5,\"b\":\"x\\\"\\\\\\n\\u0001é€\",\"\u20ac\":\"euro\"}");
  }
}
