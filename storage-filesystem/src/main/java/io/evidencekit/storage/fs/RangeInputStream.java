package io.evidencekit.storage.fs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/** Reads {@code [start, end)} of a file with positional reads. Owns the channel and closes it. */
final class RangeInputStream extends InputStream {
  // The JDK caches a temporary direct buffer per thread as large as the largest read; capping each
  // read keeps a caller's huge array from pinning that much native memory.
  private static final int MAX_READ = 1 << 20;
  private static final int TRANSFER_BUFFER = 256 * 1024;

  private final FileChannel channel;
  private final long end;
  private long position;

  RangeInputStream(FileChannel channel, long start, long length) {
    this.channel = channel;
    this.position = start;
    this.end = start + length;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    if (length == 0) {
      return 0;
    }
    if (position >= end) {
      return -1;
    }
    int n = (int) Math.min(Math.min(length, MAX_READ), end - position);
    int read = channel.read(ByteBuffer.wrap(bytes, offset, n), position);
    if (read < 0) {
      return -1;
    }
    position += read;
    return read;
  }

  @Override
  public long skip(long n) {
    long skipped = Math.max(0, Math.min(n, end - position));
    position += skipped;
    return skipped;
  }

  @Override
  public int available() {
    return (int) Math.min(Math.max(0, end - position), Integer.MAX_VALUE);
  }

  @Override
  public long transferTo(OutputStream out) throws IOException {
    Objects.requireNonNull(out, "out");
    // The inherited 8 KiB loop would cost a system call per 8 KiB on multi-GiB evidence.
    byte[] buffer = new byte[(int) Math.max(1, Math.min(TRANSFER_BUFFER, end - position))];
    long total = 0;
    int n;
    while ((n = read(buffer, 0, buffer.length)) >= 0) {
      out.write(buffer, 0, n);
      total += n;
    }
    return total;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
