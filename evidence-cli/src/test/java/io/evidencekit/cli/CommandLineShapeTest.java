package io.evidencekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.Actor;
import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.NewEvidenceRequest;
import io.evidencekit.api.PhoneNumber;
import io.evidencekit.api.Recipient;
import io.evidencekit.api.RequestingOfficer;
import io.evidencekit.core.EngineSettingsFile;
import io.evidencekit.core.EvidenceEngine;
import io.evidencekit.storage.fs.FilesystemBlobStore;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

@DisplayName("The shape of the evidencekit command line: help, version, exit codes, quiet output")
class CommandLineShapeTest {
  @TempDir Path dir;

  private static CliRun run(List<String> args) {
    return CliRun.of(args.toArray(String[]::new));
  }

  /** Every command and subcommand, as the words that name it: [], [proof], [proof, verify-inclusion], ... */
  static Stream<List<String>> commands() {
    List<List<String>> all = new ArrayList<>();
    collect(EvidencekitCli.commandLine(), new ArrayList<>(), all);
    return all.stream();
  }

  private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
    into.add(List.copyOf(path));
    command.getSubcommands().forEach((name, sub) -> {
      path.add(name);
      collect(sub, path, into);
      path.remove(path.size() - 1);
    });
  }

  @Test
  @DisplayName("the tree has the seventeen commands the help below is checked for")
  void everyCommandIsListed() {
    assertThat(commands().map(c -> String.join(" ", c))).containsExactlyInAnyOrder("", "proof",
        "proof verify-inclusion", "proof verify-consistency", "log", "log checkpoint", "log audit", "ingest", "scan",
        "export", "verify", "retention", "retention sweep", "retention explain", "hold", "hold set", "hold lift",
        "video", "video import");
  }

  @ParameterizedTest(name = "evidencekit {0} --help")
  @MethodSource("commands")
  @DisplayName("--help and -h on every command exit 0 and print its usage with its exit codes")
  void help(List<String> command) {
    for (String flag : List.of("--help", "-h")) {
      List<String> args = new ArrayList<>(command);
      args.add(flag);
      CliRun run = run(args);
      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.out()).startsWith("Usage: " + String.join(" ", prefixed(command)))
          .contains("--help").contains("--version").contains("--verbose")
          .contains("Exit codes:");
      assertThat(run.err()).isEmpty();
    }
  }

  @ParameterizedTest(name = "evidencekit {0} --version")
  @MethodSource("commands")
  @DisplayName("--version on every command exits 0 and prints the project version")
  void version(List<String> command) {
    List<String> args = new ArrayList<>(command);
    args.add("--version");
    CliRun run = run(args);
    assertThat(run.exit()).isZero();
    assertThat(run.out()).startsWith("evidencekit 0.").doesNotContain("${").doesNotContain("unknown");
  }

  private static List<String> prefixed(List<String> command) {
    List<String> words = new ArrayList<>();
    words.add("evidencekit");
    words.addAll(command);
    return words;
  }

  @Test
  @DisplayName("ingest as a person runs it (a new JVM) prints no INFO or WARN line; --verbose shows the libraries' INFO lines")
  void ingestIsQuiet() throws Exception {
    Path data = dir.resolve("data");
    EngineSettingsFile.createIfAbsent(data, Map.of(EngineSettingsFile.FORCE_CODE, "46",
        EngineSettingsFile.PORTAL_LINK_BASE, "https://evidence.example/r/"), new SecureRandom());
    String reference;
    try (FilesystemBlobStore store = new FilesystemBlobStore(data.resolve("blobs"));
        EvidenceEngine engine = EngineSettingsFile.read(data).applyTo(EvidenceEngine.builder())
            .embeddedDatabase(data.resolve("db")).blobStore(store).manualDelivery().build()) {
      reference = engine.officers().createRequest(Actor.Officer.of("pc-4471", "Wright, D."), new NewEvidenceRequest("Burglary",
          "CCTV", new RequestingOfficer("pc-4471", "Wright, D.", new EmailAddress("d.wright@kent.police.example"),
              new PhoneNumber("+441622690690")), Recipient.byEmail("D Smith", "d.smith@example.org")))
          .reference().value();
    }
    Path file = Files.writeString(dir.resolve("clip.264"), "footage");

    CliRun quiet = java("ingest", "--request", reference, "--data", data.toString(), "--officer", "pc-4471", "--quiet",
        file.toString());
    assertThat(quiet.exit()).as(quiet.err()).isZero();
    assertThat(quiet.out()).contains("1 files ingested now");
    assertThat(quiet.err()).as("stderr of a quiet ingest").isEmpty();

    Path second = Files.writeString(dir.resolve("clip2.264"), "more footage");
    CliRun verbose = java("ingest", "--verbose", "--request", reference, "--data", data.toString(), "--officer", "pc-4471",
        "--quiet", second.toString());
    assertThat(verbose.exit()).as(verbose.err()).isZero();
    assertThat(verbose.err()).contains("[INFO]");
    assertThat(verbose.err()).doesNotContain("[WARN]");
  }

  /** Runs the command line's main in a JVM of its own, as {@code java -jar evidencekit.jar} does. */
  private CliRun java(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.io.tmpdir=" + dir, "-cp", testClasspath(), EvidencekitCli.class.getName()));
    command.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("evidencekit " + String.join(" ", args) + " did not finish");
    }
    return new CliRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Surefire gives the test classpath as java.class.path (its own booter jar is only a manifest). */
  private static String testClasspath() {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    assertThat(classpath.split(File.pathSeparator)).as("the test classpath").anyMatch(p -> p.contains("slf4j-simple"));
    return classpath;
  }
}
