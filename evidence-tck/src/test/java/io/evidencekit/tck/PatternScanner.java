package io.evidencekit.tck;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.spi.ContentScanner;
import io.evidencekit.spi.ScanFailure;
import io.evidencekit.spi.ScanResult;
import io.evidencekit.spi.ScannerVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The smallest honest scanner: reads the whole item into memory and reports a byte pattern as a
 * signature. A backend that is down, or one that stalls, is simulated. Thread-safe.
 */
final class PatternScanner implements ContentScanner {
  enum Backend { UP, DOWN, STALLED }

  static final ScannerVersion VERSION = ScannerVersion.of("Pattern", "1.0", "7");

  private final byte[] pattern;
  private final String signature;
  private final long maxSize;
  private final Backend backend;
  private final Duration timeout;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch closing = new CountDownLatch(1);

  PatternScanner(byte[] pattern, String signature, long maxSize, Backend backend, Duration timeout) {
    this.pattern = pattern.clone();
    this.signature = signature;
    this.maxSize = maxSize;
    this.backend = backend;
    this.timeout = timeout;
  }

  @Override
  public String name() {
    return VERSION.name();
  }

  @Override
  public ScanResult scan(InputStream content, long size) {
    Objects.requireNonNull(content, "content");
    if (size < 0) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "size must not be negative");
    }
    if (closed.get() || backend == Backend.DOWN) {
      return ScanResult.couldNotScan(ScannerVersion.unknown(name()), ScanFailure.SCANNER_UNAVAILABLE, "backend down");
    }
    if (size > maxSize) {
      return ScanResult.couldNotScan(VERSION, ScanFailure.TOO_LARGE, "over " + maxSize + " bytes");
    }
    byte[] bytes;
    try {
      bytes = readExactly(content, (int) size);
    } catch (IOException e) {
      // The stream's message may name the file: never repeat it.
      return ScanResult.couldNotScan(VERSION, ScanFailure.STREAM_FAILED, "the item's stream failed or had another length");
    }
    if (backend == Backend.STALLED) {
      try {
        boolean closedMeanwhile = closing.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return closedMeanwhile
            ? ScanResult.couldNotScan(VERSION, ScanFailure.SCANNER_UNAVAILABLE, "scanner closed")
            : ScanResult.couldNotScan(VERSION, ScanFailure.TIMEOUT, "no answer within " + timeout);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ScanResult.couldNotScan(VERSION, ScanFailure.ERROR, "interrupted");
      }
    }
    return contains(bytes) ? ScanResult.infected(VERSION, List.of(signature)) : ScanResult.clean(VERSION);
  }

  @Override
  public ScannerVersion version() {
    return backend == Backend.DOWN ? ScannerVersion.unknown(name()) : VERSION;
  }

  @Override
  public OptionalLong maxSize() {
    return OptionalLong.of(maxSize);
  }

  @Override
  public void close() {
    closed.set(true);
    closing.countDown();
  }

  private static byte[] readExactly(InputStream in, int size) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    while (out.size() < size) {
      int n = in.read(buffer, 0, Math.min(buffer.length, size - out.size()));
      if (n < 0) {
        throw new IOException("short");
      }
      out.write(buffer, 0, n);
    }
    if (in.read() >= 0) {
      throw new IOException("long");
    }
    return out.toByteArray();
  }

  private boolean contains(byte[] bytes) {
    outer:
    for (int i = 0; i + pattern.length <= bytes.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (bytes[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
