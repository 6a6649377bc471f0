package io.evidencekit.notify.govuk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The module README")
class ReadmeTest {
  final String readme = read();

  static String read() {
    try {
      return Files.readString(Path.of("README.md"));
    } catch (IOException e) {
      throw new IllegalStateException("run from the module directory", e);
    }
  }

  @Test
  @DisplayName("shows each suggested template exactly as the jar ships it")
  void templatesVerbatim() {
    for (String file : SuggestedTemplates.FILES) {
      assertThat(readme).as(file).contains("```\n" + SuggestedTemplates.read(file).strip() + "\n```");
    }
  }

  @Test
  @DisplayName("documents every placeholder the plugin fills, and the suggested templates use no other")
  void placeholdersDocumented() throws IllegalAccessException {
    Set<String> filled = new TreeSet<>();
    for (Field f : Personalisation.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        f.setAccessible(true);
        filled.add((String) f.get(null));
      }
    }
    assertThat(filled).hasSize(16);
    for (String name : filled) {
      assertThat(readme).as(name).contains("`((" + name + "))");
    }
    Set<String> used = new TreeSet<>();
    SuggestedTemplates.FILES.forEach(file -> used.addAll(FakeNotify.placeholders(SuggestedTemplates.read(file))));
    assertThat(filled).containsAll(used);
    assertThat(Arrays.asList(NotifyStatus.values())).allSatisfy(s -> assertThat(readme).contains("`" + s.wireName() + "`"));
  }
}
