package io.evidencekit.core.testing;

import io.evidencekit.api.DecodeCheck;
import io.evidencekit.api.MediaInfo;
import io.evidencekit.api.MediaStream;
import io.evidencekit.spi.MediaFailure;
import io.evidencekit.spi.MediaInput;
import io.evidencekit.spi.MediaInspector;
import io.evidencekit.spi.MediaReport;
import io.evidencekit.spi.Still;
import io.evidencekit.spi.ToolVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-test inspector that reads its answer from the file: {@code VIDEO <seconds> <creation time|-> <decodes|fails>}
 * is a recording (with a still whose bytes are {@code still of <seconds>}), {@code BROKEN} could not be
 * inspected, anything else is not recognised. Records what it was handed.
 */
public final class ScriptedInspector implements MediaInspector {
  /** What one inspection was handed; {@code writable}: any write permission bit set. */
  public record Seen(Path file, boolean writable, long size) {}

  private final List<Seen> seen = new CopyOnWriteArrayList<>();

  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public ToolVersion version() {
    return ToolVersion.of("scripted", "2.0");
  }

  public List<Seen> seen() {
    return seen;
  }

  @Override
  public MediaReport inspect(MediaInput input) {
    boolean writable;
    try {
      // By its permission bits: Files.isWritable is always true for root, who runs CI.
      writable = Files.getPosixFilePermissions(input.file()).stream().anyMatch(p -> p.name().endsWith("_WRITE"));
    } catch (IOException e) {
      writable = true;
    }
    seen.add(new Seen(input.file(), writable, input.size()));
    String text;
    try {
      text = Files.readString(input.file(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return new MediaReport.CouldNotInspect(version(), MediaFailure.INPUT_UNREADABLE, "unreadable");
    }
    if (text.equals("BROKEN")) {
      return new MediaReport.CouldNotInspect(version(), MediaFailure.TIMEOUT, "the tool stalled");
    }
    if (!text.startsWith("VIDEO ")) {
      return new MediaReport.NotRecognised(version(), "not a recognised video format");
    }
    String[] w = text.split(" ");
    Duration duration = Duration.ofMillis(Math.round(Double.parseDouble(w[1]) * 1000));
    Optional<Instant> created = w[2].equals("-") ? Optional.empty() : Optional.of(Instant.parse(w[2]));
    MediaInfo info = new MediaInfo("mov,mp4", Optional.of(duration), List.of(MediaStream.video("h264", 160, 120, 25)),
        created, Optional.empty(), w[3].equals("decodes") ? DecodeCheck.DECODES : DecodeCheck.FAILS);
    try {
      Path still = Files.writeString(input.scratch().resolve("still.jpg"), "still of " + w[1]);
      return new MediaReport.Inspected(version(), info, Optional.of(new Still(still, Files.size(still), "image/jpeg")));
    } catch (IOException e) {
      return new MediaReport.Inspected(version(), info, Optional.empty());
    }
  }
}
