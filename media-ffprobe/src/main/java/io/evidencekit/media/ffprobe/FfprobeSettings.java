package io.evidencekit.media.ffprobe;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How {@link FfprobeInspector} runs the programs. Immutable.
 *
 * @param ffprobe the {@code ffprobe} executable (a path, or a name looked up on {@code PATH})
 * @param ffmpeg the {@code ffmpeg} executable, for the still image and the test decode
 * @param timeout how long one inspection (every program it runs, together) may take; past it the running
 *     program is destroyed and the report is {@code TIMEOUT}
 * @param maxOutputBytes how much of a program's output is read; more is {@code OUTPUT_TOO_LARGE}
 * @param maxStillBytes the largest still image kept; a larger one is dropped (the report stands)
 * @param memoryLimit the address-space limit each program runs under (through util-linux {@code prlimit}),
 *     when set; empty runs them without one
 * @param demuxers the container formats ffprobe may open (its {@code -format_whitelist}); anything else is
 *     "not recognised". Playlists and file lists (HLS, concat, image sequences) are left out on purpose:
 *     they would make the tool open other files or the network.
 */
public record FfprobeSettings(Path ffprobe, Path ffmpeg, Duration timeout, int maxOutputBytes, long maxStillBytes,
    OptionalLong memoryLimit, List<String> demuxers) {

  /** Containers CCTV, doorbells and phones export, plus plain audio. */
  public static final List<String> DEFAULT_DEMUXERS = List.of("mov", "mp4", "matroska", "webm", "avi", "mpegts",
      "mpeg", "asf", "flv", "h264", "hevc", "mjpeg", "dhav", "wav", "mp3", "ogg", "aac");

  public FfprobeSettings {
    Objects.requireNonNull(ffprobe, "ffprobe");
    Objects.requireNonNull(ffmpeg, "ffmpeg");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofHours(1)) > 0) {
      throw invalid("the timeout is above zero and at most an hour");
    }
    if (maxOutputBytes < 1_024 || maxOutputBytes > 64 << 20) {
      throw invalid("maxOutputBytes is 1 KiB to 64 MiB");
    }
    if (maxStillBytes < 1_024) {
      throw invalid("maxStillBytes is at least 1 KiB");
    }
    Objects.requireNonNull(memoryLimit, "memoryLimit");
    if (memoryLimit.isPresent() && memoryLimit.getAsLong() < 64L << 20) {
      throw invalid("a memory limit below 64 MiB leaves ffmpeg unable to start");
    }
    demuxers = List.copyOf(demuxers);
    if (demuxers.isEmpty() || !demuxers.stream().allMatch(d -> d.matches("[a-z0-9_]{1,32}"))) {
      throw invalid("demuxers are short lower-case names, at least one");
    }
  }

  /**
   * {@code ffprobe} and {@code ffmpeg} from {@code PATH}, 60 s per inspection, 4 MiB of output, stills up to
   * 2 MiB, 2 GiB of address space per program.
   */
  public static FfprobeSettings defaults() {
    return new FfprobeSettings(Path.of("ffprobe"), Path.of("ffmpeg"), Duration.ofSeconds(60), 4 << 20, 2L << 20,
        OptionalLong.of(2L << 30), DEFAULT_DEMUXERS);
  }

  public FfprobeSettings withTimeout(Duration value) {
    return new FfprobeSettings(ffprobe, ffmpeg, value, maxOutputBytes, maxStillBytes, memoryLimit, demuxers);
  }

  public FfprobeSettings withExecutables(Path ffprobeExecutable, Path ffmpegExecutable) {
    return new FfprobeSettings(ffprobeExecutable, ffmpegExecutable, timeout, maxOutputBytes, maxStillBytes, memoryLimit,
        demuxers);
  }

  public FfprobeSettings withMaxOutputBytes(int value) {
    return new FfprobeSettings(ffprobe, ffmpeg, timeout, value, maxStillBytes, memoryLimit, demuxers);
  }

  public FfprobeSettings withoutMemoryLimit() {
    return new FfprobeSettings(ffprobe, ffmpeg, timeout, maxOutputBytes, maxStillBytes, OptionalLong.empty(), demuxers);
  }

  private static EvidenceException invalid(String message) {
    return new EvidenceException(ErrorCode.CONFIGURATION, message);
  }
}
