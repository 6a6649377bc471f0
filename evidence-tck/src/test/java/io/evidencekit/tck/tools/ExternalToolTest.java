package io.evidencekit.tck.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

@DisplayName("Looking for an external tool")
class ExternalToolTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("chromium and chromedriver are found in the directories on PATH, in PATH's order")
  void foundOnPath() {
    Path first = dir.resolve("first");
    Path second = dir.resolve("second");
    Path chromium = Scratch.executable(second, "chromium");
    Path driver = Scratch.executable(first, "chromedriver");
    Scratch.executable(second, "chromedriver");

    ToolLocation location = ExternalTool.CHROMIUM.locate(Scratch.path(dir.resolve("empty"), first, second));

    assertThat(location).isInstanceOf(ToolLocation.Found.class);
    assertThat(location.executable("chromium")).isEqualTo(chromium);
    assertThat(location.executable("chromedriver")).isEqualTo(driver);
  }

  @Test
  @DisplayName("chromium-browser (what other distributions call it) counts as chromium")
  void alternativeName() {
    Path browser = Scratch.executable(dir, "chromium-browser");
    Scratch.executable(dir, "chromedriver");

    assertThat(ExternalTool.CHROMIUM.locate(Scratch.path(dir)).executable("chromium")).isEqualTo(browser);
  }

  @Test
  @DisplayName("EVIDENCEKIT_CHROMEDRIVER wins over PATH, and the property evidencekit.chromedriver wins over both")
  void settingsWin() {
    Path onPath = dir.resolve("bin");
    Scratch.executable(onPath, "chromium");
    Scratch.executable(onPath, "chromedriver");
    Path fromVariable = Scratch.executable(dir.resolve("variable"), "driver");
    Path fromProperty = Scratch.executable(dir.resolve("property"), "driver");
    Map<String, String> variables = Map.of("PATH", onPath.toString(), "EVIDENCEKIT_CHROMEDRIVER", fromVariable.toString());

    assertThat(ExternalTool.CHROMIUM.locate(Scratch.environment(Map.of(), variables)).executable("chromedriver"))
        .isEqualTo(fromVariable);
    assertThat(ExternalTool.CHROMIUM.locate(Scratch.environment(Map.of("evidencekit.chromedriver", fromProperty.toString()), variables))
        .executable("chromedriver"))
        .isEqualTo(fromProperty);
  }

  @Test
  @DisplayName("a file that is not executable, a directory or a relative name does not count as the program")
  void onlyExecutableFiles() {
    Scratch.file(dir, "chromium", "rw-r--r--");
    Scratch.executable(dir.resolve("chromedriver"), "inside"); // a directory named chromedriver
    Path real = Scratch.executable(dir.resolve("real"), "chromedriver");

    ToolLocation onPath = ExternalTool.CHROMIUM.locate(Scratch.path(dir));
    ToolLocation relative = ExternalTool.CHROMIUM.locate(Scratch.environment(
        Map.of("evidencekit.chromium", "chromium", "evidencekit.chromedriver", real.toString()), Map.of("PATH", dir.toString())));

    assertThat(onPath).isInstanceOf(ToolLocation.Missing.class);
    assertThat(((ToolLocation.Missing) onPath).problems()).hasSize(2);
    assertThat(((ToolLocation.Missing) relative).problems())
        .containsExactly("evidencekit.chromium / EVIDENCEKIT_CHROMIUM is 'chromium', which is not an executable file");
  }

  @Test
  @DisplayName("a missing tool is explained in one sentence: what was searched, the install command and the variables")
  void missingExplained() {
    ToolLocation location = ExternalTool.CHROMIUM.locate(Scratch.path(dir));

    assertThat(location).isInstanceOf(ToolLocation.Missing.class);
    assertThat(((ToolLocation.Missing) location).explanation()).isEqualTo(
        "chromium not found (no chromium or chromium-browser on PATH and EVIDENCEKIT_CHROMIUM not set; "
            + "no chromedriver on PATH and EVIDENCEKIT_CHROMEDRIVER not set): install it with "
            + "`apt-get install -y chromium chromium-driver`, or set EVIDENCEKIT_CHROMIUM and EVIDENCEKIT_CHROMEDRIVER");
    assertThatThrownBy(() -> location.executable("chromium"))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("@RequiresTool");
  }

  @Test
  @DisplayName("an executable is also looked for in directories off PATH where Debian puts daemons")
  void alsoSearched() {
    Path sbin = dir.resolve("sbin");
    Path clamd = Scratch.executable(sbin, "clamd");
    Executable executable = new Executable("clamd", List.of("clamd"), List.of(sbin));

    assertThat(executable.locate(Scratch.path(dir.resolve("bin"))).path()).contains(clamd);
    assertThat(ExternalTool.CLAMD.executables().get(0).alsoSearched()).containsExactly(Path.of("/usr/sbin"));
  }

  @Test
  @DisplayName("every tool names a Debian install command and one setting per executable")
  void everyToolExplainsItself() {
    for (ExternalTool tool : ExternalTool.values()) {
      assertThat(tool.installCommand()).as(tool.id()).startsWith("apt-get install -y ");
      assertThat(tool.executables()).as(tool.id()).isNotEmpty()
          .allSatisfy(e -> assertThat(e.variable()).isEqualTo("EVIDENCEKIT_" + e.name().toUpperCase(java.util.Locale.ROOT)));
    }
  }
}
