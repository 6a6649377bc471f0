package io.evidencekit.storage.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Small file-system steps whose failure handling needs explaining once. */
final class FileOps {
  private FileOps() {}

  /**
   * Makes the entries of a directory (new links, removals) durable. A file's own fsync does not cover
   * its name in the directory, so without this a crash could lose a committed blob.
   */
  static void syncDirectory(Path directory) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(directory, StandardOpenOption.READ);
    } catch (IOException platformRefuses) {
      // Windows cannot open a directory as a channel; there metadata updates are as durable as the
      // platform makes them. A real I/O failure on Linux shows up in force() below, which we report.
      return;
    }
    try (channel) {
      channel.force(true);
    }
  }

  /** Best effort: protects a published blob against careless tools, not against a determined administrator. */
  static void makeReadOnly(Path file) {
    file.toFile().setWritable(false, false);
  }

  /** Deletes a file; returns whether it existed. Windows refuses to delete read-only files, so it is made writable first there. */
  static boolean delete(Path file) throws IOException {
    try {
      return Files.deleteIfExists(file);
    } catch (AccessDeniedException readOnlyOnWindows) {
      file.toFile().setWritable(true, true);
      return Files.deleteIfExists(file);
    }
  }

  /** For clean-up paths: a file that cannot be deleted now is swept at a later start-up. */
  static void deleteQuietly(Path file) {
    try {
      delete(file);
    } catch (IOException ignored) {
      // left for the start-up sweep
    }
  }
}
