package io.evidencekit.scan.clamav;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * One connection to clamd, for one command. Non-blocking underneath, so that every wait has a
 * deadline: a blocking {@link SocketChannel} has no read or write timeout, and clamd that stops
 * reading would otherwise hold a scanning thread for ever (a full socket buffer blocks the writer).
 *
 * <p>Used by one thread; {@link #abort()} may be called from any thread and makes the user's next or
 * current wait fail with {@link AsynchronousCloseException}.
 */
final class ClamdConnection implements Closeable {
  private final SocketChannel channel;
  private final Selector selector;
  private final SelectionKey key;
  private volatile boolean aborted;

  private ClamdConnection(SocketChannel channel, Selector selector, SelectionKey key) {
    this.channel = channel;
    this.selector = selector;
    this.key = key;
  }

  /** Connects, or throws: {@link SocketTimeoutException} when {@code timeout} passes first. */
  static ClamdConnection open(SocketAddress address, Duration timeout) throws IOException {
    SocketAddress target = address instanceof InetSocketAddress inet
        ? new InetSocketAddress(inet.getHostString(), inet.getPort()) // resolve now, not once at start-up
        : address;
    if (target instanceof InetSocketAddress inet && inet.isUnresolved()) {
      throw new java.net.UnknownHostException("cannot resolve " + inet.getHostString());
    }
    SocketChannel channel = SocketChannel.open(
        target instanceof UnixDomainSocketAddress ? StandardProtocolFamily.UNIX : familyOf((InetSocketAddress) target));
    Selector selector = null;
    try {
      channel.configureBlocking(false);
      selector = Selector.open();
      SelectionKey key = channel.register(selector, 0);
      ClamdConnection connection = new ClamdConnection(channel, selector, key);
      if (!channel.connect(target)) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!channel.finishConnect()) {
          connection.await(SelectionKey.OP_CONNECT, deadline, "connecting");
        }
      }
      return connection;
    } catch (IOException | RuntimeException e) {
      channel.close();
      if (selector != null) {
        selector.close();
      }
      throw e;
    }
  }

  private static StandardProtocolFamily familyOf(InetSocketAddress address) {
    return address.getAddress() instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
  }

  /**
   * Writes all of {@code bytes}. Fails with {@link SocketTimeoutException} when clamd takes nothing for
   * {@code stallTimeout}; the clock restarts whenever it takes something.
   */
  void send(ByteBuffer bytes, Duration stallTimeout) throws IOException {
    while (bytes.hasRemaining()) {
      checkOpen();
      if (channel.write(bytes) == 0) {
        await(SelectionKey.OP_WRITE, System.nanoTime() + stallTimeout.toNanos(), "sending");
      }
    }
  }

  /**
   * Reads until clamd closes the connection (it does after answering a command outside a session),
   * within {@code timeout} in all. Returns what arrived, at most {@code max} bytes; more is an error.
   * If the connection breaks after some bytes arrived, returns them (clamd may reset the connection
   * right after its answer, when it stopped reading our stream).
   */
  byte[] readToEnd(int max, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    ByteArrayOutputStream reply = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    while (true) {
      checkOpen();
      int n;
      try {
        n = channel.read(buffer);
      } catch (IOException e) {
        if (reply.size() > 0 && !(e instanceof AsynchronousCloseException) && !(e instanceof InterruptedIOException)) {
          return reply.toByteArray();
        }
        throw e;
      }
      if (n < 0) {
        return reply.toByteArray();
      }
      if (n == 0) {
        await(SelectionKey.OP_READ, deadline, "waiting for clamd's answer");
        continue;
      }
      reply.write(buffer.array(), 0, buffer.position());
      buffer.clear();
      if (reply.size() > max) {
        throw new IOException("clamd's answer is longer than " + max + " bytes");
      }
    }
  }

  /** Makes the owner's current or next wait fail; safe from any thread. */
  void abort() {
    aborted = true;
    selector.wakeup();
  }

  @Override
  public void close() throws IOException {
    try {
      channel.close();
    } finally {
      selector.close();
    }
  }

  private void await(int operation, long deadline, String doing) throws IOException {
    key.interestOps(operation);
    try {
      while (true) {
        checkOpen();
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new SocketTimeoutException("clamd timed out while " + doing);
        }
        // select(0) would wait for ever: wait at least a millisecond.
        int ready = selector.select(Math.max(1, Duration.ofNanos(left).toMillis()));
        selector.selectedKeys().clear();
        if (ready > 0) {
          return;
        }
      }
    } finally {
      if (key.isValid()) {
        key.interestOps(0);
      }
    }
  }

  private void checkOpen() throws IOException {
    if (aborted) {
      throw new AsynchronousCloseException();
    }
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedIOException("interrupted");
    }
  }
}
