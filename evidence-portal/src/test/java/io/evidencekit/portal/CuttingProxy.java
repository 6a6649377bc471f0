package io.evidencekit.portal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy between the browser and the portal that, once, drops the connection after a given
 * number of bytes have gone from the browser to the server: a connection cut in the middle of an upload.
 */
final class CuttingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int target;
  private final long cutAfter;
  private final AtomicLong upstream = new AtomicLong();
  private final AtomicBoolean armed = new AtomicBoolean(true);
  final AtomicInteger cuts = new AtomicInteger();
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "cutting-proxy");
    t.setDaemon(true);
    return t;
  });

  CuttingProxy(int target, long cutAfter) throws IOException {
    this.target = target;
    this.cutAfter = cutAfter;
    this.listener = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    threads.execute(this::acceptLoop);
  }

  int port() {
    return listener.getLocalPort();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket("127.0.0.1", target);
        threads.execute(() -> pipe(client, server, true));
        threads.execute(() -> pipe(server, client, false));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pipe(Socket from, Socket to, boolean countUpstream) {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (countUpstream && armed.get() && upstream.addAndGet(n) > cutAfter && armed.compareAndSet(true, false)) {
          cuts.incrementAndGet();
          from.close();
          to.close();
          return;
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side went away: close the other
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    threads.shutdownNow();
  }
}
