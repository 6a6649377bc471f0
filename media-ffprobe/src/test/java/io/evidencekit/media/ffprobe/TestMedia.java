package io.evidencekit.media.ffprobe;

import io.evidencekit.tck.tools.ExternalTool;
import io.evidencekit.tck.tools.ToolEnvironment;
import io.evidencekit.tck.tools.ToolLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Makes test recordings with the real ffmpeg from its {@code testsrc} and {@code sine} sources. */
final class TestMedia {
  private TestMedia() {}

  static Path ffprobe() {
    return ((ToolLocation.Found) ExternalTool.FFPROBE.locate(ToolEnvironment.ofThisProcess())).executable("ffprobe");
  }

  static Path ffmpeg() {
    return ((ToolLocation.Found) ExternalTool.FFPROBE.locate(ToolEnvironment.ofThisProcess())).executable("ffmpeg");
  }

  static FfprobeSettings settings() {
    return FfprobeSettings.defaults().withExecutables(ffprobe(), ffmpeg());
  }

  /**
   * A clip of {@code seconds} of test pattern and tone, with {@code creationTime} (ISO-8601) as its
   * {@code creation_time} tag when not null; the container follows the file name's extension unless
   * {@code format} names one.
   */
  static Path clip(Path file, double seconds, String creationTime, String format, String... codecOptions)
      throws IOException, InterruptedException {
    List<String> c = new ArrayList<>(List.of(ffmpeg().toString(), "-v", "error", "-nostdin", "-y",
        "-f", "lavfi", "-i", "testsrc=duration=" + seconds + ":size=160x120:rate=25",
        "-f", "lavfi", "-i", "sine=frequency=440:duration=" + seconds, "-shortest"));
    c.addAll(List.of(codecOptions));
    if (creationTime != null) {
      c.addAll(List.of("-metadata", "creation_time=" + creationTime));
    }
    if (format != null) {
      c.addAll(List.of("-f", format));
    }
    c.add(file.toString());
    run(c);
    return file;
  }

  static Path mp4(Path file, double seconds, String creationTime) throws IOException, InterruptedException {
    return clip(file, seconds, creationTime, "mp4", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac",
        "-movflags", "+faststart");
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("ffmpeg failed to make test media: " + new String(out, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  /** A program that never answers: stands in for a stalled ffprobe. */
  static Path stallingProgram(Path dir) throws IOException {
    Path script = dir.resolve("stalling-ffprobe");
    Files.writeString(script, "#!/bin/sh\nexec sleep 600\n");
    script.toFile().setExecutable(true);
    return script;
  }
}
