package io.evidencekit.video.folder;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A media file's bytes, held to the size its manifest gives: a file that ends early, or goes on past
 * it (still being written, truncated by a failed copy), throws {@link IOException} instead of ending quietly.
 */
final class SizedFileStream extends FilterInputStream {
  private final long size;
  private long read;

  SizedFileStream(InputStream in, long size) {
    super(in);
    this.size = size;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int n = super.read(b, off, len);
    if (n < 0) {
      if (read != size) {
        throw new IOException("the media file ended after " + read + " of " + size + " bytes");
      }
      return -1;
    }
    read += n;
    if (read > size) {
      throw new IOException("the media file is longer than the " + size + " bytes its manifest gives");
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipping would let a short file pass unnoticed; read through instead.
    byte[] buffer = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
