package io.evidencekit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Instants written without DateTimeFormatter")
class InstantTextTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "2024-05-03T09:00:00Z",
      "2024-05-03T09:00:00.1Z", "2024-05-03T09:00:00.123456Z", "2024-05-03T09:00:00.000001Z", "2024-02-29T23:59:59.000000001Z",
      "9999-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z", "-0001-06-01T12:00:00.5Z", "0000-01-01T00:00:00Z"})
  @DisplayName("edge instants are written as Instant#toString writes them")
  void edges(String text) {
    Instant instant = Instant.parse(text);
    StringBuilder out = new StringBuilder();
    new InstantText().append(out, instant);
    assertThat(out.toString()).isEqualTo(instant.toString());
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 20240503})
  @DisplayName("random instants, in order and out of order, are written as Instant#toString writes them")
  void random(long seed) {
    System.out.println("InstantTextTest seed " + seed);
    Random random = new Random(seed);
    InstantText text = new InstantText(); // reused: it remembers the last day
    StringBuilder out = new StringBuilder();
    long second = 1_700_000_000L;
    for (int i = 0; i < 100_000; i++) {
      second = random.nextInt(10) == 0 ? Math.floorMod(random.nextLong(), 253_402_300_800L + 1_000_000) - 500_000
          : second + random.nextInt(5_000);
      int nano = switch (random.nextInt(4)) {
        case 0 -> 0;
        case 1 -> random.nextInt(1_000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1_000;
        default -> random.nextInt(1_000_000_000);
      };
      Instant instant = Instant.ofEpochSecond(second, nano);
      out.setLength(0);
      text.append(out, instant);
      assertThat(out.toString()).isEqualTo(instant.toString());
    }
  }
}
