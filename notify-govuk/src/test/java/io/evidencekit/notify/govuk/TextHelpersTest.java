package io.evidencekit.notify.govuk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Template text, fitting and phrases")
class TextHelpersTest {
  final Phrases phrases = new Phrases(Locale.UK);

  @Test
  @DisplayName("a text is cut after its last whole word that fits, with the ellipsis inside the budget")
  void cutOnWord() {
    String text = "Dashcam footage of the collision on the A2";
    assertThat(SmsFit.cut(text, 20, "...")).isEqualTo("Dashcam footage...");
    assertThat(SmsFit.cut(text, 21, "...")).isEqualTo("Dashcam footage of...");
    assertThat(SmsFit.cut(text, text.length(), "...")).isEqualTo(text);
  }

  @Test
  @DisplayName("a cut never ends on a comma, and a first word too long to fit leaves nothing")
  void cutEdges() {
    assertThat(SmsFit.cut("Front door, back door, garage", 16, "...")).isEqualTo("Front door...");
    assertThat(SmsFit.cut("Supercalifragilistic footage", 10, "...")).isEmpty();
    assertThat(SmsFit.cut("Footage", 2, "...")).isEmpty();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 42, 2024})
  @DisplayName("whatever the words and budget, a cut fits, keeps whole words from the start, and ends with the ellipsis")
  void cutProperties(long seed) {
    System.out.println("TextHelpersTest.cutProperties seed " + seed);
    Random random = new Random(seed);
    for (int round = 0; round < 200; round++) {
      StringBuilder text = new StringBuilder();
      int words = 1 + random.nextInt(40);
      for (int w = 0; w < words; w++) {
        text.append(w == 0 ? "" : " ").append("x".repeat(1 + random.nextInt(12)));
      }
      int budget = random.nextInt(text.length() + 5);
      String cut = SmsFit.cut(text.toString(), budget, "...");
      assertThat(cut.length()).isLessThanOrEqualTo(budget);
      if (!cut.isEmpty() && !cut.contentEquals(text)) {
        assertThat(cut).endsWith("...");
        String kept = cut.substring(0, cut.length() - 3);
        assertThat(text.toString()).startsWith(kept);
        assertThat(text.charAt(kept.length())).isEqualTo(' ');
      }
    }
  }

  @Test
  @DisplayName("fitting shortens only the chosen value, so the rendered text is within the limit")
  void fit() {
    String template = "((name)): ((description)) Send it: ((link))";
    Map<String, String> values = Map.of("name", "Kent Police", "link", "https://e.example/r/abc",
        "description", "one two three four five six seven eight nine ten eleven twelve");

    Map<String, String> fitted = SmsFit.fit(template, values, "description", 60, "...");

    String rendered = TemplateText.render(template, fitted);
    assertThat(rendered).hasSizeLessThanOrEqualTo(60).contains("Kent Police", "https://e.example/r/abc");
    assertThat(fitted.get("description")).endsWith("...");
    assertThat(SmsFit.fit(template, values, "description", 918, "...")).isEqualTo(values);
  }

  @Test
  @DisplayName("rendering fills placeholders whatever their case, shows conditional text for yes only, and leaves unknown ones")
  void render() {
    String text = "Hi ((Name)). ((has_caption??Caption: ))((caption)) ((other))";

    assertThat(TemplateText.render(text, Map.of("name", "D", "has_caption", "yes", "caption", "door")))
        .isEqualTo("Hi D. Caption: door ((other))");
    assertThat(TemplateText.render(text, Map.of("name", "D", "has_caption", "no", "caption", "")))
        .isEqualTo("Hi D.  ((other))");
    assertThat(TemplateText.occurrences("((a)) ((A)) ((a??x)) ((b))", "a")).isEqualTo(2);
  }

  @Test
  @DisplayName("phrases come from the bundle: validity, times in the force's zone, counts and sizes")
  void phrases() {
    assertThat(phrases.validity(Duration.ofDays(10))).isEqualTo("10 days");
    assertThat(phrases.validity(Duration.ofDays(1))).isEqualTo("1 day");
    assertThat(phrases.validity(Duration.ofHours(36))).isEqualTo("36 hours");
    assertThat(phrases.validity(Duration.ofMinutes(90).plusSeconds(30))).isEqualTo("90 minutes");
    assertThat(phrases.when(Instant.parse("2024-07-01T16:05:00Z"), ZoneId.of("Europe/London")))
        .isEqualTo("17:05 BST on Monday 1 July 2024");
    assertThat(phrases.files(1)).isEqualTo("1 file");
    assertThat(phrases.files(3)).isEqualTo("3 files");
    assertThat(phrases.size(512)).isEqualTo("512 bytes");
    assertThat(phrases.size(3_500_000)).isEqualTo("3.5 MB");
    assertThat(phrases.ellipsis()).isEqualTo("...");
  }
}
