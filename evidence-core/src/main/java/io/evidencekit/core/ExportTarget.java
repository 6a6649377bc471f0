package io.evidencekit.core;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a disclosure package is written: a directory bag, a zip file, or a zip streamed to the caller's
 * {@link OutputStream} (an HTTP response, say). A zip holds the bag under one top-level directory, the
 * usual way a bag is zipped; nothing is staged in either form.
 */
public sealed interface ExportTarget {

  /** A directory bag; the directory must not exist or be empty. */
  record Directory(Path directory) implements ExportTarget {
    public Directory {
      Objects.requireNonNull(directory, "directory");
    }
  }

  /** A zip file, which must not exist; the bag's directory inside is the file's name without ".zip". */
  record ZipFile(Path file) implements ExportTarget {
    public ZipFile {
      Objects.requireNonNull(file, "file");
      if (file.getFileName() == null || !file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
        throw new EvidenceException(ErrorCode.INVALID_INPUT, "a zip export's file name ends in .zip");
      }
    }
  }

  /**
   * A zip written to {@code out} with the bag under {@code bagName} (letters, digits, '.', '_', '-'). The
   * caller closes {@code out}; a failed export leaves a broken zip in it, which the caller discards.
   */
  record ZipStream(OutputStream out, String bagName) implements ExportTarget {
    public ZipStream {
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(bagName, "bagName");
      if (!bagName.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,120}")) {
        throw new EvidenceException(ErrorCode.INVALID_INPUT, "a bag's name is 1 to 121 letters, digits, '.', '_' or '-'");
      }
    }
  }

  /** A zip file when {@code path} ends in ".zip", otherwise a directory bag. */
  static ExportTarget of(Path path) {
    Path name = path.getFileName();
    return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".zip") ? new ZipFile(path) : new Directory(path);
  }
}
