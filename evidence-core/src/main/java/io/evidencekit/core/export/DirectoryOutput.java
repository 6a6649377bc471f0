package io.evidencekit.core.export;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/** A directory bag: every file created new (never overwriting) and forced to disk as it is closed. */
public final class DirectoryOutput implements BagOutput {
  private final Path bag;

  /** A bag in {@code directory}, which must not exist or be an empty directory. */
  public DirectoryOutput(Path directory) {
    this.bag = directory.toAbsolutePath().normalize();
    try {
      if (Files.exists(bag, LinkOption.NOFOLLOW_LINKS)) {
        if (!Files.isDirectory(bag, LinkOption.NOFOLLOW_LINKS)) {
          throw new EvidenceException(ErrorCode.INVALID_INPUT, "the export target exists and is not a directory");
        }
        try (Stream<Path> entries = Files.list(bag)) {
          if (entries.findAny().isPresent()) {
            throw new EvidenceException(ErrorCode.INVALID_INPUT, "the export target directory is not empty");
          }
        }
      }
      Files.createDirectories(bag.resolve("data"));
    } catch (IOException e) {
      throw BagWriter.failed(e);
    }
  }

  @Override
  public OutputStream create(String path, boolean compressible) throws IOException {
    Path file = bag.resolve(path);
    Files.createDirectories(file.getParent());
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return new FilterOutputStream(Channels.newOutputStream(channel)) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        try (channel) {
          channel.force(true);
        }
      }
    };
  }

  @Override
  public void finish() {
    force(bag.resolve("data"));
    force(bag.resolve("custody"));
    force(bag);
  }

  @Override
  public void close() {
    // Each file's channel is closed with its stream; nothing else is held.
  }

  @Override
  public String location() {
    return bag.toString();
  }

  private static void force(Path directory) {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Some file systems cannot open a directory for fsync (or it does not exist); the files were forced.
    }
  }
}
