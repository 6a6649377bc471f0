package io.evidencekit.storage.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import software.amazon.awssdk.core.ResponseInputStream;

/**
 * A response body that, closed before its end, drops the connection rather than reading the rest: a
 * viewer seeking in a 20 GB video must not pull the remaining gigabytes through just to reuse a socket.
 */
final class AbortingInputStream extends FilterInputStream {
  private final ResponseInputStream<?> response;
  private boolean ended;

  AbortingInputStream(ResponseInputStream<?> response) {
    super(response);
    this.response = response;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    ended |= b < 0;
    return b;
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    int n = super.read(bytes, offset, length);
    ended |= n < 0;
    return n;
  }

  @Override
  public void close() throws IOException {
    if (!ended) {
      response.abort();
    }
    super.close();
  }
}
