package io.evidencekit.spi;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A still image a {@link MediaInspector} made from a recording: a file in the input's scratch directory,
 * which the engine stores as a derived blob (never part of the evidence) and records with the tool that
 * made it.
 *
 * @param file the image, inside {@link MediaInput#scratch()}
 * @param size its size in bytes, at least one
 * @param contentType {@code image/jpeg} or {@code image/png}
 */
public record Still(Path file, long size, String contentType) {
  public Still {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(contentType, "contentType");
    if (size < 1) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a still has at least one byte");
    }
    if (!contentType.equals("image/jpeg") && !contentType.equals("image/png")) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a still is image/jpeg or image/png");
    }
  }
}
