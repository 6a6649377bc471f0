package io.evidencekit.tck.tools;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A program from outside the JVM that some tests drive, with the executables it consists of and the
 * command that installs it on Debian (what CI and these machines run). Its {@link #id()} is the name used
 * in {@code evidencekit.require}.
 */
public enum ExternalTool {
  /** Debian's Chromium and the chromedriver built from the same version, for the portal's browser tests. */
  CHROMIUM("apt-get install -y chromium chromium-driver",
      new Executable("chromium", List.of("chromium", "chromium-browser"), List.of()),
      new Executable("chromedriver", List.of("chromedriver"), List.of())),
  /** The ClamAV daemon; tests start their own with their own configuration and signatures. */
  CLAMD("apt-get install -y clamav-daemon",
      new Executable("clamd", List.of("clamd"), List.of(Executable.SBIN))),
  /** A real load balancer in front of several nodes. */
  HAPROXY("apt-get install -y haproxy",
      new Executable("haproxy", List.of("haproxy"), List.of(Executable.SBIN))),
  /** Reads a recording's duration, streams and codecs; ffmpeg (same package) makes stills and test-decodes. */
  FFPROBE("apt-get install -y ffmpeg",
      new Executable("ffprobe", List.of("ffprobe"), List.of()),
      new Executable("ffmpeg", List.of("ffmpeg"), List.of()));

  private final String installCommand;
  private final List<Executable> executables;

  ExternalTool(String installCommand, Executable... executables) {
    this.installCommand = installCommand;
    this.executables = List.of(executables);
  }

  /** The lower-case name used in {@code evidencekit.require}, e.g. {@code chromium}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The shell command that installs the tool on Debian, e.g. {@code apt-get install -y clamav-daemon}. */
  public String installCommand() {
    return installCommand;
  }

  /** Every executable the tool needs; all must be found. */
  public List<Executable> executables() {
    return executables;
  }

  /** Looks for every executable; never throws for a missing one (that is a {@link ToolLocation.Missing}). */
  public ToolLocation locate(ToolEnvironment environment) {
    Map<String, Path> found = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Executable executable : executables) {
      Executable.Lookup lookup = executable.locate(environment);
      if (lookup.path().isPresent()) {
        found.put(executable.name(), lookup.path().get());
      } else {
        problems.add(lookup.problem());
      }
    }
    return problems.isEmpty() ? new ToolLocation.Found(this, found) : new ToolLocation.Missing(this, problems);
  }
}
