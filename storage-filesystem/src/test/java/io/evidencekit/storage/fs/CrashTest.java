package io.evidencekit.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.Sha256;
import io.evidencekit.spi.BlobId;
import io.evidencekit.tck.blob.Blobs;
import io.evidencekit.tck.blob.SyntheticContent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills a writing process with SIGKILL and checks what survives. A SIGKILL ends the process but not
 * the kernel, so this proves the publish protocol (temporary file, fsync, link without overwrite,
 * directory fsync) never exposes a partial blob and never loses an acknowledged one to a process crash;
 * survival of a power cut rests on the same fsyncs, which a test cannot pull the plug on.
 */
@DisplayName("FilesystemBlobStore after a writer process is killed with SIGKILL")
class CrashTest {
  private static final int ACKNOWLEDGED = 25;

  @TempDir Path dir;

  private record Ack(BlobId id, Sha256 sha256, long size, long seed) {
    static Ack parse(String line) {
      String[] f = line.split(" ");
      return new Ack(new BlobId(f[0]), new Sha256(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  @DisplayName("every acknowledged blob is complete and correct, no partial blob is visible, and the next start sweeps the leftovers")
  void killedMidWrite(long seed) throws Exception {
    Path root = dir.resolve("store");
    System.out.println("crash test seed " + seed);
    Process child = new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
        "-Xmx64m", CrashingWriter.class.getName(), root.toString(), Long.toString(seed * 1_000_000))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    List<Ack> acks = new ArrayList<>();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acks.size() < ACKNOWLEDGED && (line = lines.readLine()) != null) {
        acks.add(Ack.parse(line));
      }
      child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(acks).hasSize(ACKNOWLEDGED);
    try (Stream<Path> temps = Files.list(root.resolve("tmp"))) {
      // Usually one: the kill lands in a write. Zero if it landed between two blobs; both are valid crashes.
      System.out.println("temporary files left by the killed writer: " + temps.filter(BlobLayout::isTempName).count());
    }

    try (FilesystemBlobStore reopened = FilesystemBlobStore.builder(root).tempGracePeriod(Duration.ZERO).build()) {
      for (Ack ack : acks) {
        assertThat(reopened.exists(ack.id())).as("acknowledged %s", ack.id()).isTrue();
        assertThat(reopened.size(ack.id())).isEqualTo(ack.size());
        assertThat(Blobs.digest(reopened, ack.id()).sha256()).isEqualTo(ack.sha256());
        assertThat(sha256(new SyntheticContent(ack.seed()), ack.size())).isEqualTo(ack.sha256());
      }
      for (Path blob : published(root)) {
        String hex = blob.getFileName().toString();
        BlobId id = new BlobId("sha256/" + hex);
        assertThat(Blobs.digest(reopened, id).sha256().hex()).as("visible blob %s is complete", hex).isEqualTo(hex);
      }
      try (Stream<Path> temps = Files.list(root.resolve("tmp"))) {
        assertThat(temps.filter(BlobLayout::isTempName).toList()).as("leftovers swept at start").isEmpty();
      }
    }
  }

  private static List<Path> published(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root.resolve("sha256"))) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  private static Sha256 sha256(SyntheticContent content, long size) {
    MessageDigest digest = Blobs.sha256Digest();
    byte[] chunk = new byte[1 << 20];
    for (long offset = 0; offset < size; offset += chunk.length) {
      int n = (int) Math.min(chunk.length, size - offset);
      content.fill(offset, chunk, 0, n);
      digest.update(chunk, 0, n);
    }
    return Sha256.of(digest.digest());
  }

  private static String javaExecutable() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

}
