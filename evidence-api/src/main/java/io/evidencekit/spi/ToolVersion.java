package io.evidencekit.spi;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.util.Objects;
import java.util.Optional;

/**
 * Which program and version produced derived data (a media report, a still image); recorded in the custody
 * event for it. Immutable.
 *
 * @param name the inspector's stable name, e.g. {@code ffprobe}
 * @param version the program's version, e.g. {@code 5.1.6-0+deb12u1}; empty when it could not be asked
 */
public record ToolVersion(String name, Optional<String> version) {
  private static final int MAX = 100;

  public ToolVersion {
    token(name, "tool name");
    Objects.requireNonNull(version, "version");
    version.ifPresent(v -> token(v, "tool version"));
  }

  public static ToolVersion of(String name, String version) {
    return new ToolVersion(name, Optional.of(version));
  }

  public static ToolVersion unknown(String name) {
    return new ToolVersion(name, Optional.empty());
  }

  /** {@code ffprobe 5.1.6} or {@code ffprobe (version unknown)}. */
  @Override
  public String toString() {
    return name + version.map(v -> " " + v).orElse(" (version unknown)");
  }

  private static void token(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isEmpty() || value.length() > MAX || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT,
          what + " must be 1 to " + MAX + " printable ASCII characters without spaces");
    }
  }
}
