package io.evidencekit.spi;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a {@link MediaInspector} is given: a read-only file holding exactly the item's bytes (a copy the
 * engine made and verified, never the master in the blob store), and an empty scratch directory for what
 * the inspector makes (a still image). The caller creates both and deletes both afterwards.
 *
 * @param file the item's bytes; read-only; the inspector never writes, moves or deletes it
 * @param size the exact number of bytes in {@code file}
 * @param scratch an empty directory the inspector may write into
 */
public record MediaInput(Path file, long size, Path scratch) {
  public MediaInput {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(scratch, "scratch");
    if (size < 0) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a size is not negative");
    }
  }
}
