package io.evidencekit.core.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Reference patterns")
class ReferenceFormatTest {
  private static final ZonedDateTime MAY_2024 = ZonedDateTime.parse("2024-05-03T09:00:00Z");

  @Test
  @DisplayName("{force}/{seq:5}/{yy} gives 46/00042/24")
  void kentPattern() {
    assertThat(new ReferenceFormat("{force}/{seq:5}/{yy}", "46").format(MAY_2024, 42).value()).isEqualTo("46/00042/24");
  }

  @Test
  @DisplayName("a sequence that outgrows its width gets more digits rather than repeating")
  void overflowWidens() {
    assertThat(new ReferenceFormat("{force}/{seq:2}/{yy}", "46").format(MAY_2024, 1234).value()).isEqualTo("46/1234/24");
  }

  @Test
  @DisplayName("the sequence scope is the reference without its sequence, so it restarts each year")
  void scopePerYear() {
    ReferenceFormat f = new ReferenceFormat("EK-{yyyy}-{seq:4}", "46");
    assertThat(f.scope(MAY_2024)).isEqualTo("EK-2024-#");
    assertThat(f.scope(MAY_2024.plusYears(1))).isEqualTo("EK-2025-#");
  }

  @Test
  @DisplayName("a pattern without exactly one {seq}, or with an unknown placeholder, is a configuration error")
  void badPatterns() {
    for (String p : new String[] {"{force}/{yy}", "{seq}/{seq}", "{force}/{seq}/{month}", "{force}/{seq}/{yy"}) {
      assertThatThrownBy(() -> new ReferenceFormat(p, "46")).isInstanceOf(EvidenceException.class)
          .extracting("code").isEqualTo(ErrorCode.CONFIGURATION);
    }
  }
}
