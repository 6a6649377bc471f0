package io.evidencekit.spi;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.MediaInfo;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link MediaInspector#inspect} found: {@link Inspected}, {@link NotRecognised} or
 * {@link CouldNotInspect}. The only way an inspector reports a failure. Immutable.
 */
public sealed interface MediaReport permits MediaReport.Inspected, MediaReport.NotRecognised,
    MediaReport.CouldNotInspect {
  /** Longest detail kept; longer text is cut. */
  int MAX_DETAIL = 300;

  /** The inspector and version that produced this report. */
  ToolVersion tool();

  /**
   * A recording the tool recognised.
   *
   * @param still a still image near the start, when the file has a video stream and one could be made
   */
  record Inspected(ToolVersion tool, MediaInfo info, Optional<Still> still) implements MediaReport {
    public Inspected {
      Objects.requireNonNull(tool, "tool");
      Objects.requireNonNull(info, "info");
      Objects.requireNonNull(still, "still");
    }
  }

  /**
   * Not a recognised video or audio format (an empty file, a document, a CCTV system's own format). A
   * result about the file, not a failure.
   *
   * @param detail one line for the officer, never the file's path or content
   */
  record NotRecognised(ToolVersion tool, String detail) implements MediaReport {
    public NotRecognised {
      Objects.requireNonNull(tool, "tool");
      detail = line(detail, "not a recognised video format");
    }
  }

  /**
   * The inspector failed; says nothing about the file. The engine retries it.
   *
   * @param detail one line for the operator, never the file's path or content
   */
  record CouldNotInspect(ToolVersion tool, MediaFailure reason, String detail) implements MediaReport {
    public CouldNotInspect {
      Objects.requireNonNull(tool, "tool");
      Objects.requireNonNull(reason, "reason");
      detail = line(detail, reason.name());
    }
  }

  /** Control characters become spaces, long text is cut, blank text becomes {@code fallback}. */
  private static String line(String detail, String fallback) {
    Objects.requireNonNull(detail, "detail");
    StringBuilder b = new StringBuilder();
    detail.codePoints().limit(MAX_DETAIL).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
    String s = b.toString().strip();
    if (s.isEmpty()) {
      s = fallback;
    }
    if (s.isBlank()) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a report's detail is not blank");
    }
    return s;
  }
}
