package io.evidencekit.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("The wording helpers")
class TextHelpersTest {
  private static final EmailCopy ENGLISH = EmailCopy.forLocale(Locale.UK);

  @ParameterizedTest(name = "{0} reads \"{1}\"")
  @CsvSource({"P10D, 10 days", "P1D, 1 day", "PT72H, 3 days", "PT36H, 36 hours", "PT1H, 1 hour",
      "PT90M, 90 minutes", "PT1M, 1 minute", "PT30S, 1 minute"})
  @DisplayName("validity is said in days when whole days, otherwise hours, otherwise minutes")
  void validity(Duration validity, String expected) {
    assertThat(Phrases.validity(ENGLISH, validity)).isEqualTo(expected);
  }

  @Test
  @DisplayName("times are written in the force's zone, with GMT or BST")
  void when() {
    ZoneId london = ZoneId.of("Europe/London");
    assertThat(Phrases.when(ENGLISH, Instant.parse("2024-03-14T14:02:00Z"), london)).isEqualTo("14:02 GMT on Thursday 14 March 2024");
    assertThat(Phrases.when(ENGLISH, Instant.parse("2024-07-01T08:00:00Z"), london)).isEqualTo("09:00 BST on Monday 1 July 2024");
  }

  @ParameterizedTest(name = "{0} bytes reads \"{1}\"")
  @CsvSource({"0, 0 bytes", "1, 1 byte", "999, 999 bytes", "1000, 1.0 kB", "3500000, 3.5 MB",
      "999999999, 1.0 GB", "2147483648000, 2.1 TB"})
  @DisplayName("sizes are written in decimal units")
  void size(long bytes, String expected) {
    assertThat(Phrases.size(ENGLISH, bytes)).isEqualTo(expected);
  }

  @Test
  @DisplayName("header text loses line breaks and control characters but keeps accents")
  void headerText() {
    assertThat(HeaderText.line("D Smith\r\nBcc: evil@example.com")).isEqualTo("D Smith Bcc: evil@example.com");
    assertThat(HeaderText.line("  Zoë\tÓ'Brien\u0000\u2028\u200b ")).isEqualTo("Zoë Ó'Brien");
    assertThat(HeaderText.line("x".repeat(500))).hasSize(150);
    assertThat(HeaderText.line("\r\n")).isEmpty();
  }

  @Test
  @DisplayName("HTML escaping covers the five special characters, and only http(s) links become anchors")
  void html() {
    assertThat(Html.escape("<a href=\"x\">'&'</a>")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    assertThat(Html.anchor(URI.create("https://a.example/r/x?y=1&z='2'"), "go"))
        .contains("<a href=\"https://a.example/r/x?y=1&amp;z=&#39;2&#39;\">go</a>");
    assertThat(Html.anchor(URI.create("javascript:alert(1)"), "go")).isEmpty();
    assertThat(Html.anchor(URI.create("data:text/html,hi"), "go")).isEmpty();
    assertThat(Html.anchor(URI.create("/relative/path"), "go")).isEmpty();
  }
}
