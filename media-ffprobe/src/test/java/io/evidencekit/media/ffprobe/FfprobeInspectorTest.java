package io.evidencekit.media.ffprobe;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.DecodeCheck;
import io.evidencekit.api.MediaInfo;
import io.evidencekit.api.MediaStream;
import io.evidencekit.spi.MediaFailure;
import io.evidencekit.spi.MediaInput;
import io.evidencekit.spi.MediaReport;
import io.evidencekit.tck.tools.ExternalTool;
import io.evidencekit.tck.tools.RequiresTool;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("FfprobeInspector on real recordings made by ffmpeg")
@RequiresTool(ExternalTool.FFPROBE)
class FfprobeInspectorTest {
  private static final Instant CREATED = Instant.parse("2024-05-03T01:10:00Z");

  @TempDir Path temp;
  private final FfprobeInspector inspector = new FfprobeInspector(TestMedia.settings());
  private int inputs;

  @AfterEach
  void close() {
    inspector.close();
  }

  private MediaInput input(Path file) throws IOException {
    file.toFile().setReadOnly();
    Path scratch = Files.createDirectories(temp.resolve("scratch-" + inputs++));
    return new MediaInput(file, Files.size(file), scratch);
  }

  private MediaInfo inspected(Path file) throws IOException {
    MediaReport report = inspector.inspect(input(file));
    assertThat(report).isInstanceOf(MediaReport.Inspected.class);
    return ((MediaReport.Inspected) report).info();
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  @DisplayName("an MP4 reports its container, 3 s, H.264 video at 160x120 and 25 fps, AAC audio, its creation time and a clean decode")
  void mp4() throws Exception {
    MediaInfo info = inspected(TestMedia.mp4(temp.resolve("front.mp4"), 3, "2024-05-03T01:10:00Z"));
    assertThat(info.container()).contains("mp4");
    assertThat(info.duration()).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofMillis(2900), Duration.ofMillis(3100)));
    assertThat(info.streams()).contains(MediaStream.video("h264", 160, 120, 25.0));
    assertThat(info.streams()).anyMatch(s -> s.kind() == MediaStream.Kind.AUDIO && s.codec().equals("aac"));
    assertThat(info.creationTime()).contains(CREATED);
    assertThat(info.decodes()).isEqualTo(DecodeCheck.DECODES);
    assertThat(info.span()).hasValueSatisfying(s -> assertThat(s.from()).isEqualTo(CREATED));
  }

  @Test
  @DisplayName("an MKV of 5 s and an AVI of 4 s report their containers and durations")
  void mkvAndAvi() throws Exception {
    MediaInfo mkv = inspected(TestMedia.clip(temp.resolve("back.mkv"), 5, "2024-05-03T02:00:00Z", null,
        "-c:v", "mpeg4", "-c:a", "mp2"));
    assertThat(mkv.container()).contains("matroska");
    assertThat(mkv.duration()).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofMillis(4900), Duration.ofMillis(5100)));
    assertThat(mkv.creationTime()).contains(Instant.parse("2024-05-03T02:00:00Z"));

    MediaInfo avi = inspected(TestMedia.clip(temp.resolve("side.avi"), 4, null, null, "-c:v", "mpeg4", "-c:a", "mp2"));
    assertThat(avi.container()).isEqualTo("avi");
    assertThat(avi.duration()).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofMillis(3900), Duration.ofMillis(4100)));
    assertThat(avi.creationTime()).isEmpty();
    assertThat(avi.decodes()).isEqualTo(DecodeCheck.DECODES);
  }

  @Test
  @DisplayName("a still image near the start is made in the scratch directory as a JPEG")
  void still() throws Exception {
    MediaInput in = input(TestMedia.mp4(temp.resolve("still.mp4"), 3, null));
    MediaReport.Inspected report = (MediaReport.Inspected) inspector.inspect(in);
    assertThat(report.still()).hasValueSatisfying(s -> {
      assertThat(s.file().getParent()).isEqualTo(in.scratch());
      assertThat(s.contentType()).isEqualTo("image/jpeg");
      try {
        byte[] head = Arrays.copyOf(Files.readAllBytes(s.file()), 2);
        assertThat(head).containsExactly(0xFF, 0xD8); // JPEG start of image
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  @DisplayName("a recording cut short is still recognised but does not decode")
  void truncated() throws Exception {
    Path whole = TestMedia.mp4(temp.resolve("whole.mp4"), 4, null);
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = Files.write(temp.resolve("cut.mp4"), Arrays.copyOf(bytes, bytes.length * 2 / 3));
    MediaInfo info = inspected(cut);
    assertThat(info.decodes()).isEqualTo(DecodeCheck.FAILS);
  }

  @Test
  @DisplayName("a video of no length is recognised with a duration of 0 s or none at all")
  void zeroLength() throws Exception {
    Path empty = TestMedia.clip(temp.resolve("nothing.mp4"), 0.04, null, "mp4", "-c:v", "libx264", "-pix_fmt",
        "yuv420p", "-an", "-frames:v", "0");
    MediaReport report = inspector.inspect(input(empty));
    if (report instanceof MediaReport.Inspected i) {
      assertThat(i.info().duration().orElse(Duration.ZERO)).isLessThanOrEqualTo(Duration.ofMillis(40));
    } else {
      assertThat(report).isInstanceOf(MediaReport.NotRecognised.class);
    }
  }

  @Test
  @DisplayName("random bytes and an empty file are 'not recognised'")
  void notRecognised() throws Exception {
    byte[] noise = new byte[100_000];
    new Random(3).nextBytes(noise);
    assertThat(inspector.inspect(input(Files.write(temp.resolve("export.dav.mp4"), noise))))
        .isInstanceOf(MediaReport.NotRecognised.class);
    assertThat(inspector.inspect(input(Files.write(temp.resolve("empty.mp4"), new byte[0]))))
        .isInstanceOfSatisfying(MediaReport.NotRecognised.class, n -> assertThat(n.detail()).contains("empty"));
  }

  @Test
  @DisplayName("a Matroska file named .jpg is recognised by its content, not its name")
  void misleadingExtension() throws Exception {
    Path mkv = TestMedia.clip(temp.resolve("holiday.jpg"), 2, null, "matroska", "-c:v", "mpeg4", "-c:a", "mp2");
    assertThat(inspected(mkv).container()).contains("matroska");
  }

  @Test
  @DisplayName("a header claiming a duration of 49 days is reported as an unknown duration")
  void hugeDurationClaim() throws Exception {
    Path clip = TestMedia.mp4(temp.resolve("claim.mp4"), 3, null);
    byte[] bytes = Files.readAllBytes(clip);
    int mvhd = indexOf(bytes, "mvhd".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    // mvhd (version 0): type, version+flags, creation, modification, time scale, then the duration.
    ByteBuffer.wrap(bytes, mvhd + 20, 4).putInt(0xFFFFFFF0);
    Path crafted = Files.write(temp.resolve("crafted.mp4"), bytes);
    MediaInfo info = inspected(crafted);
    assertThat(info.duration()).isEmpty();
  }

  @Test
  @DisplayName("a playlist pointing elsewhere is not followed: it is 'not recognised'")
  void playlistNotFollowed() throws Exception {
    Path target = TestMedia.mp4(temp.resolve("elsewhere.mp4"), 2, null);
    Path playlist = Files.writeString(temp.resolve("list.m3u8"),
        "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n" + target + "\n#EXTINF:2,\nhttp://127.0.0.1:9/x.ts\n#EXT-X-ENDLIST\n");
    assertThat(inspector.inspect(input(playlist))).isInstanceOf(MediaReport.NotRecognised.class);
  }

  @Test
  @DisplayName("an inspection past its time limit is stopped and reported as 'timeout'")
  void timeout() throws Exception {
    Path stalling = TestMedia.stallingProgram(temp);
    try (FfprobeInspector slow = new FfprobeInspector(TestMedia.settings().withExecutables(stalling, stalling)
        .withTimeout(Duration.ofMillis(500)))) {
      MediaReport report = slow.inspect(input(TestMedia.mp4(temp.resolve("t.mp4"), 1, null)));
      assertThat(report).isInstanceOfSatisfying(MediaReport.CouldNotInspect.class,
          c -> assertThat(c.reason()).isEqualTo(MediaFailure.TIMEOUT));
    }
  }

  @Test
  @DisplayName("output past the limit is reported as 'output too large', not read on")
  void outputLimit() throws Exception {
    try (FfprobeInspector tight = new FfprobeInspector(TestMedia.settings().withMaxOutputBytes(1024))) {
      MediaReport report = tight.inspect(input(TestMedia.mp4(temp.resolve("o.mp4"), 1, "2024-05-03T01:10:00Z")));
      assertThat(report).isInstanceOfSatisfying(MediaReport.CouldNotInspect.class,
          c -> assertThat(c.reason()).isEqualTo(MediaFailure.OUTPUT_TOO_LARGE));
    }
  }

  @Test
  @DisplayName("a missing program is 'tool unavailable', and its version is unknown")
  void missingTool() throws Exception {
    Path nowhere = temp.resolve("no-such-ffprobe");
    try (FfprobeInspector missing = new FfprobeInspector(TestMedia.settings().withExecutables(nowhere, nowhere))) {
      assertThat(missing.version().version()).isEmpty();
      assertThat(missing.inspect(input(TestMedia.mp4(temp.resolve("m.mp4"), 1, null))))
          .isInstanceOfSatisfying(MediaReport.CouldNotInspect.class,
              c -> assertThat(c.reason()).isEqualTo(MediaFailure.TOOL_UNAVAILABLE));
    }
  }

  @Test
  @DisplayName("the master's bytes and SHA-256 are unchanged after inspection, still and decode test included")
  void masterUnchanged() throws Exception {
    Path master = TestMedia.mp4(temp.resolve("master.mp4"), 3, "2024-05-03T01:10:00Z");
    String before = sha256(master);
    long size = Files.size(master);
    inspected(master);
    assertThat(sha256(master)).isEqualTo(before);
    assertThat(Files.size(master)).isEqualTo(size);
  }

  @Test
  @DisplayName("the version is Debian's ffprobe version")
  void version() {
    assertThat(inspector.version().version()).hasValueSatisfying(v -> assertThat(v).matches("[0-9].*"));
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
