package io.evidencekit.storage.fs;

import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.Sha256;
import io.evidencekit.spi.BlobWriter;
import io.evidencekit.spi.StoredBlob;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Writes one blob to a temporary file and publishes it on commit. Used by one thread at a time, as
 * {@link BlobWriter} allows; any failure discards the temporary file at once, so an interrupted or
 * broken upload leaves nothing behind but, at worst, a file the start-up sweep removes.
 */
final class FileBlobWriter implements BlobWriter {
  /** Large enough that a multi-GiB upload costs few system calls, small enough for many parallel uploads. */
  static final int BUFFER_BYTES = 1 << 20;

  private enum State { OPEN, FAILED, COMMITTED, CLOSED }

  private final Path temp;
  private final FileChannel channel;
  private final Publisher publisher;
  private final Lifecycle lifecycle;
  // Direct, so the channel writes from it without the JDK copying into a temporary direct buffer.
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
  private long written;
  private State state = State.OPEN;

  private FileBlobWriter(Path temp, FileChannel channel, Publisher publisher, Lifecycle lifecycle) {
    this.temp = temp;
    this.channel = channel;
    this.publisher = publisher;
    this.lifecycle = lifecycle;
  }

  static FileBlobWriter create(Path temp, Publisher publisher, Lifecycle lifecycle) throws IOException {
    FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return new FileBlobWriter(temp, channel, publisher, lifecycle);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    requireOpen();
    try {
      int position = offset;
      int remaining = length;
      while (remaining > 0) {
        int n = Math.min(remaining, buffer.remaining());
        buffer.put(bytes, position, n);
        position += n;
        remaining -= n;
        if (!buffer.hasRemaining()) {
          drain();
        }
      }
      written += length;
    } catch (IOException | RuntimeException e) {
      discard();
      throw e;
    }
  }

  @Override
  public StoredBlob commit(Sha256 sha256, long size) throws IOException {
    Objects.requireNonNull(sha256, "sha256");
    requireOpen();
    try {
      lifecycle.ensureOpen();
      if (size != written) {
        throw new IOException("commit declared " + size + " bytes but " + written + " were written");
      }
      drain();
      channel.force(true);
      channel.close();
      StoredBlob stored = publisher.publish(temp, sha256, size);
      state = State.COMMITTED;
      return stored;
    } catch (IOException | RuntimeException e) {
      discard();
      throw e;
    }
  }

  @Override
  public void close() {
    if (state == State.OPEN) {
      discard();
    }
    if (state != State.COMMITTED) {
      state = State.CLOSED;
    }
  }

  private void requireOpen() throws IOException {
    switch (state) {
      case OPEN:
        return;
      case FAILED:
        throw new IOException("the blob writer was discarded after an earlier failure");
      // Misuse (a bug in the caller): the writer is closed, as the BlobWriter contract says.
      case COMMITTED:
        throw new EvidenceException(ErrorCode.CLOSED, "the blob writer was already committed");
      default:
        throw new EvidenceException(ErrorCode.CLOSED, "the blob writer is closed");
    }
  }

  private void drain() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  private void discard() {
    state = State.FAILED;
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing more to release; the file itself is deleted below
    }
    FileOps.deleteQuietly(temp);
  }
}
