package io.evidencekit.scan.clamav;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.spi.ContentScanner;
import io.evidencekit.spi.ScanFailure;
import io.evidencekit.spi.ScanResult;
import io.evidencekit.spi.ScannerVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Scans items with ClamAV's daemon, clamd, over {@code zINSTREAM} on its Unix or TCP socket: the item
 * is sent as chunks of at most 64 KiB, each prefixed by its length (4 bytes, big-endian), ended by an
 * empty chunk. Nothing is written to disk on this side, and memory per scan is one chunk.
 *
 * <p><b>Versions.</b> Before each scan the scanner asks clamd {@code VERSION} ({@code ClamAV
 * 1.4.6/27500/...}) on a connection of its own, and reports that version with the verdict. If clamd
 * reloads its signatures between the two, the version recorded is the older one: the item is then
 * scanned again with the newer signatures, never wrongly skipped. clamd reports a signature version
 * only when it has an official {@code daily} database; with only local signatures the version is the
 * program's alone ({@code ClamAV 1.4.6}).
 *
 * <p><b>Connections.</b> One connection per command, at most {@link ClamdSettings#maxConnections()}
 * at once; a scan waits up to the connect timeout for one to come free. Not a pool of open
 * connections: outside an {@code IDSESSION} clamd closes the connection after every answer, and inside
 * one the session dies with its first error (the size limit is one), answers arrive out of order and an
 * idle session is cut after clamd's {@code IdleTimeout}. A new connection costs well under a
 * millisecond on a Unix socket, against milliseconds to minutes of scanning, and clamd restarting
 * between two scans costs nothing: the next scan simply connects to the new one.
 *
 * <p><b>Never clean by accident.</b> The terminating empty chunk is sent only after exactly {@code size}
 * bytes and then the end of the caller's stream were read; if the stream fails or has another length
 * the connection is dropped without it, so clamd never judges a truncated item. {@code OK} counts only
 * after the whole stream was sent. When clamd stops reading (its {@code StreamMaxLength}) it answers
 * {@code INSTREAM size limit exceeded. ERROR} and closes the connection, often while a chunk is being
 * written: the answer is still read after the failed write, and gives {@code TOO_LARGE}. Anything
 * ending in {@code ERROR} is could-not-scan. With {@code AlertExceedsMax yes} (which evidence needs: see
 * the module README) an item clamd scanned only partly, at one of its size limits, is {@code TOO_LARGE};
 * with {@code AlertEncrypted yes} an encrypted archive or document is {@code ENCRYPTED}.
 *
 * <p>Thread-safe. {@link #close()} is idempotent: later scans answer {@code SCANNER_UNAVAILABLE}, and
 * scans under way are broken off with the same answer. Nothing is logged; results carry the detail.
 */
public final class ClamdScanner implements ContentScanner {
  static final int CHUNK = 64 * 1024;
  /** Far more than any answer clamd gives to one command. */
  private static final int MAX_REPLY = 64 * 1024;
  private static final byte[] VERSION_COMMAND = "zVERSION\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] INSTREAM_COMMAND = "zINSTREAM\0".getBytes(StandardCharsets.US_ASCII);

  private final ClamdSettings settings;
  private final Semaphore connections;
  private final Set<ClamdConnection> open = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ScannerVersion unknown = ScannerVersion.unknown(ClamdReplies.NAME);

  public ClamdScanner(ClamdSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.connections = new Semaphore(settings.maxConnections(), true);
  }

  @Override
  public String name() {
    return ClamdReplies.NAME;
  }

  @Override
  public OptionalLong maxSize() {
    return settings.streamMaxLength();
  }

  @Override
  public ScanResult scan(InputStream content, long size) {
    Objects.requireNonNull(content, "content");
    if (size < 0) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "an item's size must not be negative");
    }
    if (closed.get()) {
      return closedResult(unknown);
    }
    OptionalLong max = settings.streamMaxLength();
    if (max.isPresent() && size > max.getAsLong()) {
      return ScanResult.couldNotScan(unknown, ScanFailure.TOO_LARGE,
          "item of " + size + " bytes is over clamd's StreamMaxLength of " + max.getAsLong() + " bytes");
    }
    Optional<ScanResult> busy = acquire(unknown);
    if (busy.isPresent()) {
      return busy.get();
    }
    try {
      Outcome<ScannerVersion> version = askVersion();
      if (version.failure != null) {
        return version.failure;
      }
      return stream(Objects.requireNonNull(version.value), content, size);
    } catch (RuntimeException e) {
      // The SPI has one failure channel: even a bug here must not escape as an exception, nor read as clean.
      return ScanResult.couldNotScan(unknown, ScanFailure.ERROR, "unexpected " + e.getClass().getSimpleName() + " in ClamdScanner");
    } finally {
      connections.release();
    }
  }

  @Override
  public ScannerVersion version() {
    if (closed.get() || acquire(unknown).isPresent()) {
      return unknown;
    }
    try {
      Outcome<ScannerVersion> version = askVersion();
      return version.value != null ? version.value : unknown;
    } catch (RuntimeException e) {
      return unknown;
    } finally {
      connections.release();
    }
  }

  /** Idempotent. Scans under way are broken off and answer {@code SCANNER_UNAVAILABLE}. */
  @Override
  public void close() {
    closed.set(true);
    open.forEach(ClamdConnection::abort);
  }

  @Override
  public String toString() {
    return "ClamdScanner[" + settings.describeAddress() + "]";
  }

  /** A connection slot, or the result to give when none came free in time. */
  private Optional<ScanResult> acquire(ScannerVersion version) {
    try {
      if (connections.tryAcquire(settings.connectTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
        return Optional.empty();
      }
      return Optional.of(ScanResult.couldNotScan(version, ScanFailure.TIMEOUT,
          "all " + settings.maxConnections() + " connections to clamd stayed busy for " + settings.connectTimeout()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of(ScanResult.couldNotScan(version, ScanFailure.ERROR, "interrupted"));
    }
  }

  private Outcome<ScannerVersion> askVersion() {
    ClamdConnection connection;
    try {
      connection = connect();
    } catch (IOException | RuntimeException e) {
      return Outcome.failed(unreachable(e));
    }
    try {
      connection.send(ByteBuffer.wrap(VERSION_COMMAND), settings.ioTimeout());
      byte[] reply = connection.readToEnd(MAX_REPLY, settings.ioTimeout());
      Optional<ScannerVersion> version = ClamdReplies.version(reply);
      if (version.isEmpty()) {
        return Outcome.failed(ScanResult.couldNotScan(unknown, ScanFailure.ERROR,
            "unexpected answer to VERSION: " + new String(reply, StandardCharsets.ISO_8859_1)));
      }
      return Outcome.of(version.get());
    } catch (IOException | RuntimeException e) {
      return Outcome.failed(ioFailure(unknown, e, "asking clamd's version"));
    } finally {
      release(connection);
    }
  }

  private ScanResult stream(ScannerVersion version, InputStream content, long size) {
    ClamdConnection connection;
    try {
      connection = connect();
    } catch (IOException | RuntimeException e) {
      return withVersion(unreachable(e), version);
    }
    try {
      try {
        connection.send(ByteBuffer.wrap(INSTREAM_COMMAND), settings.ioTimeout());
      } catch (IOException | RuntimeException e) {
        return ioFailure(version, e, "starting the scan");
      }
      byte[] chunk = new byte[4 + CHUNK];
      ByteBuffer frame = ByteBuffer.wrap(chunk);
      long sent = 0;
      while (true) {
        int want = (int) Math.min(CHUNK, size - sent);
        int n;
        try {
          n = want == 0 ? (content.read() < 0 ? -1 : 1) : content.read(chunk, 4, want);
        } catch (IOException | RuntimeException e) {
          // The stream's message may name a file or a person: it stays out of the result.
          return streamFailed(version, "the item's stream failed after " + sent + " of " + size + " bytes");
        }
        if (want == 0) {
          if (n >= 0) {
            return streamFailed(version, "the item's stream has more than its " + size + " bytes");
          }
          break;
        }
        if (n < 0) {
          return streamFailed(version, "the item's stream ended after " + sent + " of " + size + " bytes");
        }
        if (n == 0) {
          continue;
        }
        frame.clear().putInt(0, n).limit(4 + n);
        try {
          connection.send(frame, settings.ioTimeout());
        } catch (IOException | RuntimeException e) {
          return afterFailedWrite(connection, version, e);
        }
        sent += n;
      }
      try {
        connection.send(ByteBuffer.allocate(4), settings.ioTimeout()); // the empty chunk: end of stream
      } catch (IOException | RuntimeException e) {
        return afterFailedWrite(connection, version, e);
      }
      try {
        return ClamdReplies.verdict(version, connection.readToEnd(MAX_REPLY, settings.replyTimeout()), true);
      } catch (IOException | RuntimeException e) {
        return ioFailure(version, e, "waiting for the verdict");
      }
    } finally {
      release(connection);
    }
  }

  /**
   * clamd stops reading and closes the connection when the stream passes its {@code StreamMaxLength},
   * after sending its answer; the answer usually arrives while a chunk is still being written.
   */
  private ScanResult afterFailedWrite(ClamdConnection connection, ScannerVersion version, Exception writeFailure) {
    if (writeFailure instanceof SocketTimeoutException || writeFailure instanceof InterruptedIOException
        || closed.get() || writeFailure instanceof AsynchronousCloseException) {
      return ioFailure(version, writeFailure, "sending the item");
    }
    try {
      return ClamdReplies.verdict(version, connection.readToEnd(MAX_REPLY, settings.ioTimeout()), false);
    } catch (IOException | RuntimeException e) {
      return ScanResult.couldNotScan(version, ScanFailure.SCANNER_UNAVAILABLE,
          "the connection to clamd broke while sending the item, with no answer");
    }
  }

  private ClamdConnection connect() throws IOException {
    ClamdConnection connection = ClamdConnection.open(settings.address(), settings.connectTimeout());
    open.add(connection);
    if (closed.get()) {
      // close() may have run between the caller's check and open.add: it did not see this one.
      connection.abort();
    }
    return connection;
  }

  /** Closes a connection whose result is decided: a failing close must not change it, nor throw. */
  private void release(ClamdConnection connection) {
    open.remove(connection);
    try {
      connection.close();
    } catch (IOException e) {
      // Nothing to tell: the socket is gone either way, and the verdict stands.
    }
  }

  private ScanResult unreachable(Exception e) {
    if (e instanceof SocketTimeoutException) {
      return ScanResult.couldNotScan(unknown, ScanFailure.TIMEOUT,
          "no connection to clamd at " + settings.describeAddress() + " within " + settings.connectTimeout());
    }
    return ScanResult.couldNotScan(unknown, ScanFailure.SCANNER_UNAVAILABLE,
        "clamd is not reachable at " + settings.describeAddress() + " (" + e.getClass().getSimpleName() + ")");
  }

  private ScanResult ioFailure(ScannerVersion version, Exception e, String doing) {
    if (closed.get()) {
      return closedResult(version);
    }
    if (e instanceof SocketTimeoutException) {
      return ScanResult.couldNotScan(version, ScanFailure.TIMEOUT, "clamd did not respond in time while " + doing);
    }
    if (e instanceof InterruptedIOException) {
      Thread.currentThread().interrupt();
      return ScanResult.couldNotScan(version, ScanFailure.ERROR, "interrupted while " + doing);
    }
    return ScanResult.couldNotScan(version, ScanFailure.SCANNER_UNAVAILABLE,
        "the connection to clamd broke while " + doing + " (" + e.getClass().getSimpleName() + ")");
  }

  private static ScanResult closedResult(ScannerVersion version) {
    return ScanResult.couldNotScan(version, ScanFailure.SCANNER_UNAVAILABLE, "the scanner is closed");
  }

  private static ScanResult streamFailed(ScannerVersion version, String detail) {
    return ScanResult.couldNotScan(version, ScanFailure.STREAM_FAILED, detail);
  }

  private static ScanResult withVersion(ScanResult result, ScannerVersion version) {
    ScanResult.CouldNotScan failed = (ScanResult.CouldNotScan) result;
    return ScanResult.couldNotScan(version, failed.reason(), failed.detail());
  }

  /** A value or the result to give instead. */
  private static final class Outcome<T> {
    final @Nullable T value;
    final @Nullable ScanResult failure;

    private Outcome(@Nullable T value, @Nullable ScanResult failure) {
      this.value = value;
      this.failure = failure;
    }

    static <T> Outcome<T> of(T value) {
      return new Outcome<>(value, null);
    }

    static <T> Outcome<T> failed(ScanResult failure) {
      return new Outcome<>(null, failure);
    }
  }
}
