package io.evidencekit.core.export;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A bag as one zip, streamed: every file under one top-level directory named for the bag (the usual way a
 * bag is zipped), written as it is produced with no second copy (ZIP64 past 4 GiB or 65,535 entries, as
 * {@link ZipOutputStream} does). Payload is stored without compression (video does not compress; this keeps
 * the export at copy speed), tag files are deflated. To a file created new and forced to disk at the end, or
 * to a caller's stream, which the caller closes.
 */
public final class ZipOutput implements BagOutput {
  private static final int BUFFER = 1 << 20;

  private final ZipOutputStream zip;
  private final String root;
  private final String location;
  private final @org.jspecify.annotations.Nullable FileChannel channel;
  private boolean finished;

  private ZipOutput(OutputStream out, String root, String location, @org.jspecify.annotations.Nullable FileChannel channel) {
    if (!root.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,120}")) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a bag's name in a zip is 1 to 121 letters, digits, '.', '_' or '-'");
    }
    this.zip = new ZipOutputStream(new BufferedOutputStream(out, BUFFER));
    this.root = root + "/";
    this.location = location;
    this.channel = channel;
  }

  /** A zip file at {@code file}, which must not exist; the bag's directory inside is the file's name without ".zip". */
  public static ZipOutput toFile(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    String root = name.toLowerCase(java.util.Locale.ROOT).endsWith(".zip") ? name.substring(0, name.length() - 4) : name;
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "the export target file exists already");
    } catch (IOException e) {
      throw BagWriter.failed(e);
    }
    try {
      return new ZipOutput(unclosable(Channels.newOutputStream(channel)), root, file.toAbsolutePath().toString(), channel);
    } catch (RuntimeException e) {
      try {
        channel.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** A zip written to {@code out} (not closed here) with the bag under the directory {@code bagName}. */
  public static ZipOutput toStream(OutputStream out, String bagName) {
    return new ZipOutput(unclosable(out), bagName, bagName + ".zip", null);
  }

  /** Closing the zip flushes {@code out} but leaves it open: a file's channel is forced first, a caller's stream is theirs. */
  private static OutputStream unclosable(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        out.flush();
      }
    };
  }

  @Override
  public OutputStream create(String path, boolean compressible) throws IOException {
    ZipEntry entry = new ZipEntry(root + path);
    zip.setLevel(compressible ? Deflater.DEFAULT_COMPRESSION : Deflater.NO_COMPRESSION);
    zip.putNextEntry(entry);
    return new FilterOutputStream(zip) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        zip.closeEntry();
      }
    };
  }

  @Override
  public void finish() throws IOException {
    zip.close(); // writes the central directory and flushes; the stream beneath stays open (see unclosable)
    finished = true;
    if (channel != null) {
      try (channel) {
        channel.force(true);
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (!finished && channel != null) {
      channel.close();
    }
  }

  @Override
  public String location() {
    return location;
  }
}
