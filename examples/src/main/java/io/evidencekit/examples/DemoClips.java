package io.evidencekit.examples;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The example's footage when this machine has Debian's ffmpeg: short real clips made with ffmpeg's test
 * pattern and tone, with the creation times a recorder would embed, so the media inspector has something
 * to measure. The front camera's clip lies inside the officer's window, the doorbell's does not.
 */
final class DemoClips {
  /** A clip to send: its name, the file, and how long it plays. */
  record Clip(String name, Path file) {}

  private DemoClips() {}

  /** ffprobe and ffmpeg on {@code PATH}, if both are there. */
  static boolean available() {
    return onPath("ffprobe").isPresent() && onPath("ffmpeg").isPresent();
  }

  /** Makes the clips in {@code dir}; empty when ffmpeg is not on this machine or fails. */
  static Optional<List<Clip>> make(Path dir) throws InterruptedException {
    Optional<Path> ffmpeg = onPath("ffmpeg");
    if (ffmpeg.isEmpty() || onPath("ffprobe").isEmpty()) {
      return Optional.empty();
    }
    try {
      Files.createDirectories(dir);
      List<Clip> clips = new ArrayList<>();
      clips.add(clip(ffmpeg.get(), dir, "front-camera 01.00-03.00.mp4", 20, "2024-05-03T01:10:00Z"));
      clips.add(clip(ffmpeg.get(), dir, "doorbell.mp4", 8, "2024-05-03T14:02:00Z"));
      return Optional.of(clips);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Clip clip(Path ffmpeg, Path dir, String name, int seconds, String created)
      throws IOException, InterruptedException {
    Path file = dir.resolve(name.replace(' ', '_'));
    Process p = new ProcessBuilder(List.of(ffmpeg.toString(), "-v", "error", "-nostdin", "-y",
        "-f", "lavfi", "-i", "testsrc=duration=" + seconds + ":size=320x240:rate=25",
        "-f", "lavfi", "-i", "sine=frequency=440:duration=" + seconds, "-shortest",
        "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-movflags", "+faststart",
        "-metadata", "creation_time=" + created, file.toString()))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("ffmpeg could not make the demo clip");
    }
    return new Clip(name, file);
  }

  private static Optional<Path> onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
