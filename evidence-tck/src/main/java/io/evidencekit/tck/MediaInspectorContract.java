package io.evidencekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.evidencekit.api.DecodeCheck;
import io.evidencekit.api.MediaStream;
import io.evidencekit.spi.MediaFailure;
import io.evidencekit.spi.MediaInput;
import io.evidencekit.spi.MediaInspector;
import io.evidencekit.spi.MediaReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link MediaInspector} keeps: each rule in its javadoc is checked here. A plugin
 * proves its inspector by extending this class and supplying a recording the tool recognises:
 *
 * <pre>{@code
 * class FfprobeInspectorContractTest extends MediaInspectorContract {
 *   @Override protected MediaInspector newInspector() { return new FfprobeInspector(FfprobeSettings.defaults()); }
 *   @Override protected Sample recognisedSample(Path dir) { return new Sample(makeClipWithFfmpeg(dir), Duration.ofSeconds(3)); }
 * }
 * }</pre>
 *
 * <p>Every input is handed over as the engine hands it: read-only, with its own empty scratch directory,
 * in a directory whose name looks like personal data (which must never reach a report's detail). The
 * group "when it stalls" runs only when the test class overrides {@link #newStalledInspector()}.
 * Inspectors made by the hooks are closed by the contract.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
public abstract class MediaInspectorContract {
  private static final String PERSONAL = "J-Bloggs-front-door";

  /** A recording the tool recognises, with its true duration. */
  public record Sample(Path file, Duration duration) {}

  private final List<MediaInspector> opened = new ArrayList<>();
  @TempDir private Path temp;

  /** An inspector with a working tool. */
  protected abstract MediaInspector newInspector() throws Exception;

  /** Writes a short recording with a video stream into {@code dir}; it must decode cleanly. */
  protected abstract Sample recognisedSample(Path dir) throws Exception;

  /** How far a reported duration may be from the true one. */
  protected Duration durationTolerance() {
    return Duration.ofMillis(250);
  }

  /**
   * An inspector whose tool never answers, with the time limit given by {@link #stallLimit()}. Optional:
   * without it the group "when it stalls" is skipped.
   */
  protected MediaInspector newStalledInspector() throws Exception {
    throw new UnsupportedOperationException("not supplied");
  }

  /** The stalled inspector's time limit. */
  protected Duration stallLimit() {
    return Duration.ofSeconds(2);
  }

  @AfterEach
  void closeInspectors() {
    opened.forEach(MediaInspector::close);
  }

  private MediaInspector open(MediaInspector inspector) {
    opened.add(inspector);
    return inspector;
  }

  private MediaInspector inspector() throws Exception {
    return open(newInspector());
  }

  /** The input as the engine gives it: a read-only copy in a folder of its own, and an empty scratch folder. */
  private MediaInput input(Path source, String name) throws IOException {
    Path dir = Files.createDirectories(temp.resolve(PERSONAL + "-" + name));
    Path file = dir.resolve(PERSONAL + ".bin");
    Files.copy(source, file);
    readOnly(file);
    Path scratch = Files.createDirectories(temp.resolve("scratch-" + name));
    return new MediaInput(file, Files.size(file), scratch);
  }

  private MediaInput bytes(byte[] content, String name) throws IOException {
    Path source = Files.write(temp.resolve("source-" + name), content);
    return input(source, name);
  }

  private static void readOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.GROUP_READ));
    } catch (UnsupportedOperationException e) {
      file.toFile().setReadOnly();
    }
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[65536];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        d.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private MediaReport checked(MediaInspector inspector, MediaInput input) {
    MediaReport report = inspector.inspect(input);
    assertThat(report).as("a report, never null").isNotNull();
    assertThat(report.tool().name()).as("the report names the inspector").isEqualTo(inspector.name());
    String detail = report instanceof MediaReport.NotRecognised n ? n.detail()
        : report instanceof MediaReport.CouldNotInspect c ? c.detail() : "";
    assertThat(detail).as("a detail never carries the file's path").doesNotContain(PERSONAL)
        .doesNotContain(input.file().toString());
    return report;
  }

  @Test
  @DisplayName("a recording it recognises is reported with its container, duration, streams, a clean decode and its tool")
  void recognised() throws Exception {
    Sample sample = recognisedSample(Files.createDirectories(temp.resolve("samples")));
    MediaInput input = input(sample.file(), "recognised");
    MediaReport report = checked(inspector(), input);

    assertThat(report).isInstanceOf(MediaReport.Inspected.class);
    var info = ((MediaReport.Inspected) report).info();
    assertThat(info.container()).isNotBlank();
    assertThat(info.duration()).isPresent();
    assertThat(info.duration().get().minus(sample.duration()).abs()).isLessThanOrEqualTo(durationTolerance());
    assertThat(info.streams()).anyMatch(s -> s.kind() == MediaStream.Kind.VIDEO);
    assertThat(info.decodes()).isEqualTo(DecodeCheck.DECODES);
  }

  @Test
  @DisplayName("the input's bytes, hash, permissions and time stamps are the same after inspection, and nothing is written beside it")
  void inputUntouched() throws Exception {
    Sample sample = recognisedSample(Files.createDirectories(temp.resolve("samples")));
    MediaInput input = input(sample.file(), "untouched");
    String before = sha256(input.file());
    var permissions = Files.getPosixFilePermissions(input.file());
    FileTime modified = Files.getLastModifiedTime(input.file());
    List<Path> beside;
    try (Stream<Path> s = Files.list(input.file().getParent())) {
      beside = s.toList();
    }

    checked(inspector(), input);

    assertThat(sha256(input.file())).isEqualTo(before);
    assertThat(Files.size(input.file())).isEqualTo(input.size());
    assertThat(Files.getPosixFilePermissions(input.file())).isEqualTo(permissions);
    assertThat(Files.getLastModifiedTime(input.file())).isEqualTo(modified);
    try (Stream<Path> s = Files.list(input.file().getParent())) {
      assertThat(s.toList()).containsExactlyInAnyOrderElementsOf(beside);
    }
  }

  @Test
  @DisplayName("a still, when made, is a non-empty image inside the scratch directory")
  void stillInScratch() throws Exception {
    Sample sample = recognisedSample(Files.createDirectories(temp.resolve("samples")));
    MediaInput input = input(sample.file(), "still");
    MediaReport report = checked(inspector(), input);
    assertThat(report).isInstanceOf(MediaReport.Inspected.class);
    var still = ((MediaReport.Inspected) report).still();
    if (still.isPresent()) {
      assertThat(still.get().file().toAbsolutePath().normalize()).startsWith(input.scratch().toAbsolutePath().normalize());
      assertThat(Files.size(still.get().file())).isEqualTo(still.get().size()).isPositive();
    }
  }

  @Test
  @DisplayName("random bytes are 'not recognised', a result and not a failure")
  void randomBytes() throws Exception {
    byte[] noise = new byte[64 * 1024];
    new Random(17).nextBytes(noise);
    assertThat(checked(inspector(), bytes(noise, "noise"))).isInstanceOf(MediaReport.NotRecognised.class);
  }

  @Test
  @DisplayName("an empty file is 'not recognised'")
  void emptyFile() throws Exception {
    assertThat(checked(inspector(), bytes(new byte[0], "empty"))).isInstanceOf(MediaReport.NotRecognised.class);
  }

  @Test
  @DisplayName("a text document is 'not recognised'")
  void document() throws Exception {
    byte[] text = "Statement of D Smith, 14 High Street. I saw a man at the door at 01:10.\n"
        .repeat(50).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(checked(inspector(), bytes(text, "text"))).isInstanceOf(MediaReport.NotRecognised.class);
  }

  @Test
  @DisplayName("many inspections at once each get the same full report")
  void concurrent() throws Exception {
    Sample sample = recognisedSample(Files.createDirectories(temp.resolve("samples")));
    MediaInspector inspector = inspector();
    List<MediaInput> inputs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      inputs.add(input(sample.file(), "concurrent-" + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<MediaReport>> reports = new ArrayList<>();
      for (MediaInput in : inputs) {
        reports.add(pool.submit(() -> inspector.inspect(in)));
      }
      List<Object> infos = new ArrayList<>();
      for (Future<MediaReport> f : reports) {
        MediaReport r = f.get(120, TimeUnit.SECONDS);
        assertThat(r).isInstanceOf(MediaReport.Inspected.class);
        infos.add(((MediaReport.Inspected) r).info());
      }
      assertThat(infos).allMatch(i -> i.equals(infos.get(0)));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("the version names the inspector; close is idempotent and afterwards it answers 'tool unavailable'")
  void versionAndClose() throws Exception {
    MediaInspector inspector = inspector();
    assertThat(inspector.version().name()).isEqualTo(inspector.name());
    inspector.close();
    inspector.close();
    MediaReport report = checked(inspector, bytes(new byte[] {1, 2, 3}, "closed"));
    assertThat(report).isInstanceOfSatisfying(MediaReport.CouldNotInspect.class,
        c -> assertThat(c.reason()).isEqualTo(MediaFailure.TOOL_UNAVAILABLE));
  }

  @Test
  @DisplayName("when its tool stalls, it answers 'timeout' within its time limit")
  void stalled() throws Exception {
    @Nullable MediaInspector stalled = null;
    try {
      stalled = open(newStalledInspector());
    } catch (UnsupportedOperationException e) {
      assumeTrue(false, "the plugin supplies no stalled inspector");
    }
    Sample sample = recognisedSample(Files.createDirectories(temp.resolve("samples")));
    MediaInput input = input(sample.file(), "stalled");
    long start = System.nanoTime();
    MediaReport report = checked(stalled, input);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(report).isInstanceOfSatisfying(MediaReport.CouldNotInspect.class,
        c -> assertThat(c.reason()).isEqualTo(MediaFailure.TIMEOUT));
    // Generous slack for a loaded machine: the rule is "bounded", not "punctual".
    assertThat(took).isLessThan(stallLimit().multipliedBy(3).plusSeconds(10));
  }
}
