package io.evidencekit.storage.fs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;

/**
 * Removes temporary files that a crashed or killed engine left behind. Only files untouched for the
 * grace period go: another engine sharing the root may be writing the younger ones right now.
 */
final class LeftoverSweeper {
  private LeftoverSweeper() {}

  static void sweep(Path tempDirectory, Instant olderThan) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(tempDirectory, BlobLayout::isTempName)) {
      for (Path file : files) {
        BasicFileAttributes attributes;
        try {
          attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException sweptByAnotherEngine) {
          continue;
        }
        if (attributes.isRegularFile() && attributes.lastModifiedTime().toInstant().isBefore(olderThan)) {
          FileOps.deleteQuietly(file);
        }
      }
    }
  }
}
