package io.evidencekit.media.ffprobe;

import io.evidencekit.api.DecodeCheck;
import io.evidencekit.api.MediaStream;
import io.evidencekit.spi.MediaFailure;
import io.evidencekit.spi.MediaInput;
import io.evidencekit.spi.MediaInspector;
import io.evidencekit.spi.MediaReport;
import io.evidencekit.spi.Still;
import io.evidencekit.spi.ToolVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Inspects recordings with Debian's {@code ffprobe}, and with {@code ffmpeg} makes a still at about one
 * second and test-decodes the first and last second. Each program is a separate process started with its
 * arguments as a list (no shell), stdin closed, the input opened read-only through the {@code file}
 * protocol only (so nothing in a crafted file can make it open the network) and only by the container
 * formats in {@link FfprobeSettings#demuxers()}, its output read up to a limit, under an address-space
 * limit (util-linux {@code prlimit}, when installed) and within one time limit per inspection, after which
 * it is destroyed. The input file is never written; the still goes into the input's scratch directory.
 *
 * <p>Thread-safe: each inspection runs its own processes. {@link #close()} is idempotent; inspections
 * started afterwards answer {@code TOOL_UNAVAILABLE}.
 */
public final class FfprobeInspector implements MediaInspector {
  /** The name every report carries. */
  public static final String NAME = "ffprobe";
  private static final long VERSION_CACHE_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final FfprobeSettings settings;
  private final Optional<Path> prlimit;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile CachedVersion cached = new CachedVersion(ToolVersion.unknown(NAME), Long.MIN_VALUE);

  private record CachedVersion(ToolVersion version, long askedAtNanos) {}

  public FfprobeInspector(FfprobeSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.prlimit = settings.memoryLimit().isPresent() ? findPrlimit() : Optional.empty();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ToolVersion version() {
    CachedVersion c = cached;
    long now = System.nanoTime();
    if (c.version().version().isPresent() && now - c.askedAtNanos() < VERSION_CACHE_NANOS) {
      return c.version();
    }
    ToolRun.Outcome o = ToolRun.run(List.of(settings.ffprobe().toString(), "-version"), Path.of("/"),
        TimeUnit.SECONDS.toNanos(10), 16 * 1024);
    ToolVersion v = ToolVersion.unknown(NAME);
    if (o.ending() == ToolRun.Ending.EXITED && o.exitCode() == 0) {
      // "ffprobe version 5.1.6-0+deb12u1 Copyright (c) ..."
      String[] words = o.stdout().strip().split("\\s+");
      if (words.length >= 3 && words[1].equals("version") && words[2].matches("[!-~]{1,100}")) {
        v = ToolVersion.of(NAME, words[2]);
      }
    }
    cached = new CachedVersion(v, now);
    return v;
  }

  @Override
  public MediaReport inspect(MediaInput input) {
    Objects.requireNonNull(input, "input");
    if (closed.get()) {
      return new MediaReport.CouldNotInspect(ToolVersion.unknown(NAME), MediaFailure.TOOL_UNAVAILABLE,
          "the inspector is closed");
    }
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    ToolVersion tool = version();
    if (input.size() == 0) {
      return new MediaReport.NotRecognised(tool, "the file is empty");
    }
    if (!Files.isRegularFile(input.file()) || !Files.isReadable(input.file())) {
      return new MediaReport.CouldNotInspect(tool, MediaFailure.INPUT_UNREADABLE, "the file to inspect cannot be read");
    }
    String source = "file:" + input.file().toAbsolutePath();
    List<String> probe = command(settings.ffprobe(), "-v", "error", "-hide_banner", "-print_format", "json",
        "-show_format", "-show_streams");
    probe.addAll(inputOptions());
    probe.addAll(List.of("-i", source));
    ToolRun.Outcome o = ToolRun.run(probe, input.scratch(), deadline - System.nanoTime(), settings.maxOutputBytes());
    Optional<MediaReport> failed = failure(tool, o, "ffprobe");
    if (failed.isPresent()) {
      return failed.get();
    }
    if (o.exitCode() != 0) {
      if (o.stderr().contains("Permission denied")) {
        return new MediaReport.CouldNotInspect(tool, MediaFailure.INPUT_UNREADABLE, "the file to inspect cannot be read");
      }
      return new MediaReport.NotRecognised(tool, "not a recognised video format");
    }
    Optional<ProbeJson.Probe> parsed = ProbeJson.parse(o.stdout());
    if (parsed.isEmpty()) {
      return new MediaReport.CouldNotInspect(tool, MediaFailure.ERROR, "ffprobe's output could not be read");
    }
    ProbeJson.Probe p = parsed.get();
    if (!p.playable()) {
      return new MediaReport.NotRecognised(tool, "no video or audio stream in a " + shortName(p.container()) + " file");
    }
    DecodeCheck decodes;
    Optional<Still> still = Optional.empty();
    try {
      decodes = decodeCheck(source, p, input.scratch(), deadline);
      if (p.streams().stream().anyMatch(s -> s.kind() == MediaStream.Kind.VIDEO)) {
        still = still(source, p, input.scratch(), deadline);
      }
    } catch (Failed f) {
      return f.report(tool);
    }
    return new MediaReport.Inspected(tool, p.withDecode(decodes), still);
  }

  /** Decodes the first second, then the last; any error the decoder reports fails it. */
  private DecodeCheck decodeCheck(String source, ProbeJson.Probe p, Path scratch, long deadline) throws Failed {
    List<String> first = command(settings.ffmpeg(), "-v", "error", "-nostdin", "-hide_banner", "-xerror", "-threads", "1");
    first.addAll(inputOptions());
    first.addAll(List.of("-i", source, "-t", "1", "-f", "null", "-"));
    if (!cleanRun(first, scratch, deadline)) {
      return DecodeCheck.FAILS;
    }
    if (p.duration().isEmpty() || p.duration().get().compareTo(Duration.ofSeconds(2)) <= 0) {
      return DecodeCheck.DECODES; // the first second was the whole recording, or where its end lies is unknown
    }
    List<String> last = command(settings.ffmpeg(), "-v", "error", "-nostdin", "-hide_banner", "-xerror", "-threads", "1");
    last.addAll(inputOptions());
    last.addAll(List.of("-sseof", "-1", "-i", source, "-f", "null", "-"));
    return cleanRun(last, scratch, deadline) ? DecodeCheck.DECODES : DecodeCheck.FAILS;
  }

  private boolean cleanRun(List<String> command, Path scratch, long deadline) throws Failed {
    ToolRun.Outcome o = ToolRun.run(command, scratch, deadline - System.nanoTime(), 64 * 1024);
    Optional<MediaReport> failed = failure(ToolVersion.unknown(NAME), o, "ffmpeg");
    if (failed.isPresent()) {
      throw new Failed((MediaReport.CouldNotInspect) failed.get());
    }
    return o.exitCode() == 0 && o.stderr().isBlank();
  }

  /** One frame at about a second in (or half-way through a shorter clip), scaled to at most 640 pixels across. */
  private Optional<Still> still(String source, ProbeJson.Probe p, Path scratch, long deadline) throws Failed {
    double at = p.duration().map(d -> Math.min(1.0, d.toMillis() / 2000.0)).orElse(0.0);
    Path out = scratch.resolve("still.jpg");
    List<String> c = command(settings.ffmpeg(), "-v", "error", "-nostdin", "-hide_banner", "-threads", "1");
    c.addAll(inputOptions());
    c.addAll(List.of("-ss", String.format(Locale.ROOT, "%.3f", at), "-i", source, "-frames:v", "1", "-an",
        "-vf", "scale='min(640,iw)':-2", "-c:v", "mjpeg", "-q:v", "4", "-f", "image2", "-y", out.toString()));
    ToolRun.Outcome o = ToolRun.run(c, scratch, deadline - System.nanoTime(), 64 * 1024);
    Optional<MediaReport> failed = failure(ToolVersion.unknown(NAME), o, "ffmpeg");
    if (failed.isPresent()) {
      throw new Failed((MediaReport.CouldNotInspect) failed.get());
    }
    try {
      if (o.exitCode() != 0 || !Files.isRegularFile(out)) {
        Files.deleteIfExists(out);
        return Optional.empty();
      }
      long size = Files.size(out);
      if (size < 1 || size > settings.maxStillBytes()) {
        Files.deleteIfExists(out);
        return Optional.empty();
      }
      return Optional.of(new Still(out, size, "image/jpeg"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** A run that did not give an answer to read: the tool missing, out of time, or too talkative. */
  private static Optional<MediaReport> failure(ToolVersion tool, ToolRun.Outcome o, String program) {
    return switch (o.ending()) {
      case NOT_STARTED -> Optional.of(new MediaReport.CouldNotInspect(tool, MediaFailure.TOOL_UNAVAILABLE,
          program + " could not be started"));
      case TIMED_OUT -> Optional.of(new MediaReport.CouldNotInspect(tool, MediaFailure.TIMEOUT,
          "the inspection ran past its time limit and was stopped"));
      // prlimit starts, then cannot run the program it was given: the program is missing.
      case EXITED -> o.exitCode() != 0 && o.stderr().startsWith("prlimit: failed to execute")
          ? Optional.of(new MediaReport.CouldNotInspect(tool, MediaFailure.TOOL_UNAVAILABLE,
              program + " could not be started"))
          : o.overflow()
          ? Optional.of(new MediaReport.CouldNotInspect(tool, MediaFailure.OUTPUT_TOO_LARGE,
              program + "'s output went past the limit"))
          : Optional.empty();
    };
  }

  /** Only local files, only the listed containers: a playlist inside a file cannot reach anything else. */
  private List<String> inputOptions() {
    return new ArrayList<>(List.of("-protocol_whitelist", "file", "-format_whitelist", String.join(",", settings.demuxers())));
  }

  private List<String> command(Path program, String... args) {
    List<String> c = new ArrayList<>();
    if (prlimit.isPresent()) {
      c.addAll(List.of(prlimit.get().toString(), "--as=" + settings.memoryLimit().getAsLong(), "--"));
    }
    c.add(program.toString());
    c.addAll(List.of(args));
    return c;
  }

  private static String shortName(String container) {
    int comma = container.indexOf(',');
    return comma < 0 ? container : container.substring(0, comma);
  }

  private static Optional<Path> findPrlimit() {
    for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin")) {
      Path p = Path.of(dir, "prlimit");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** An inspection step that could not run; carries the report. */
  private static final class Failed extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient MediaReport.CouldNotInspect report;

    Failed(MediaReport.CouldNotInspect report) {
      super(null, null, false, false);
      this.report = report;
    }

    MediaReport report(ToolVersion tool) {
      return new MediaReport.CouldNotInspect(tool, report.reason(), report.detail());
    }
  }

  @Override
  public void close() {
    closed.set(true);
  }
}
