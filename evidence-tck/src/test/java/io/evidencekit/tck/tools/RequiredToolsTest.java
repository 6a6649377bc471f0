package io.evidencekit.tck.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

@DisplayName("Which tools a build requires (evidencekit.require / EVIDENCEKIT_REQUIRE)")
class RequiredToolsTest {

  @Test
  @DisplayName("'all' requires every tool, 'none' or nothing requires none")
  void allAndNone() {
    assertThat(RequiredTools.parse("all").tools()).isEqualTo(EnumSet.allOf(ExternalTool.class));
    assertThat(RequiredTools.parse(" ALL ").tools()).isEqualTo(EnumSet.allOf(ExternalTool.class));
    assertThat(RequiredTools.parse("none").tools()).isEmpty();
    assertThat(RequiredTools.from(Scratch.environment(Map.of(), Map.of())).tools()).isEmpty();
  }

  @Test
  @DisplayName("a list of ids, in any case and with spaces, requires exactly those")
  void list() {
    RequiredTools required = RequiredTools.parse("Chromium, clamd,,");

    assertThat(required.tools()).containsExactlyInAnyOrder(ExternalTool.CHROMIUM, ExternalTool.CLAMD);
    assertThat(required.requires(ExternalTool.HAPROXY)).isFalse();
  }

  @Test
  @DisplayName("a misspelt id is a configuration error naming the known ids, never a requirement quietly dropped")
  void typo() {
    assertThatThrownBy(() -> RequiredTools.parse("chromium,clamav"))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessage("evidencekit.require names 'clamav', which is no tool; use all, none or some of chromium, clamd, haproxy, ffprobe");
  }

  @Test
  @DisplayName("the property wins over EVIDENCEKIT_REQUIRE, which applies when the property is unset")
  void propertyWins() {
    Map<String, String> ci = Map.of("EVIDENCEKIT_REQUIRE", "all");

    assertThat(RequiredTools.from(Scratch.environment(Map.of(), ci)).tools()).hasSize(ExternalTool.values().length);
    assertThat(RequiredTools.from(Scratch.environment(Map.of("evidencekit.require", "none"), ci)).tools()).isEmpty();
    assertThat(RequiredTools.from(Scratch.environment(Map.of("evidencekit.require", "ffprobe"), ci)).tools())
        .containsExactly(ExternalTool.FFPROBE);
  }
}
