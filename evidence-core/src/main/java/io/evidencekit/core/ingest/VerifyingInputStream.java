package io.evidencekit.core.ingest;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.Sha256;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes a whole blob through while hashing it, and at the end throws an INTEGRITY_FAILURE instead of
 * reporting end-of-stream when the bytes differ from those received: a reader never silently gets
 * altered evidence. {@code onMismatch} runs once, before the exception (to record the event).
 */
final class VerifyingInputStream extends FilterInputStream {
  private final MessageDigest digest = IngestPipeline.newDigest();
  private final Sha256 expected;
  private final long expectedSize;
  private final Runnable onMismatch;
  private long seen;
  private boolean verified;

  VerifyingInputStream(InputStream in, Sha256 expected, long expectedSize, Runnable onMismatch) {
    super(in);
    this.expected = expected;
    this.expectedSize = expectedSize;
    this.onMismatch = onMismatch;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n < 0) {
      verify();
      return -1;
    }
    digest.update(b, off, n);
    seen += n;
    if (seen > expectedSize) {
      fail();
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipping would leave bytes unhashed; read through them instead.
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

  private void verify() {
    if (verified) {
      return;
    }
    verified = true;
    if (seen != expectedSize || !MessageDigest.isEqual(digest.digest(), expected.bytes())) {
      fail();
    }
  }

  private void fail() {
    verified = true;
    onMismatch.run();
    throw new EvidenceException(ErrorCode.INTEGRITY_FAILURE,
        "stored bytes do not match the SHA-256 recorded at receipt; the item must not be used");
  }
}
