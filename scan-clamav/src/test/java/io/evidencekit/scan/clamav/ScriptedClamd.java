package io.evidencekit.scan.clamav;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A fake clamd that follows a script, for what a real one will not do on demand: stall, answer
 * garbage, answer early. Speaks the same framing (NUL-terminated commands, length-prefixed chunks).
 * Each connection runs the script on its own thread; {@link #close()} releases every stalled one.
 */
final class ScriptedClamd implements AutoCloseable {
  static final String VERSION = "ClamAV 1.4.6/27500/Mon Dec  1 09:28:00 2026";

  /** What to do with the {@code zINSTREAM} command on one connection. */
  @FunctionalInterface
  interface Script {
    void instream(Session session) throws IOException, InterruptedException;
  }

  private final ServerSocketChannel server;
  private final Script script;
  private final String versionAnswer;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final CountDownLatch instreamStarted = new CountDownLatch(1);
  private final List<byte[]> streams = new CopyOnWriteArrayList<>();

  private ScriptedClamd(ServerSocketChannel server, String versionAnswer, Script script) {
    this.server = server;
    this.versionAnswer = versionAnswer;
    this.script = script;
    threads.execute(this::acceptLoop);
  }

  static ScriptedClamd tcp(Script script) throws IOException {
    return tcp(VERSION, script);
  }

  static ScriptedClamd tcp(String versionAnswer, Script script) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return new ScriptedClamd(server, versionAnswer, script);
  }

  static ScriptedClamd unix(Path socket, Script script) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    return new ScriptedClamd(server, VERSION, script);
  }

  ClamdSettings.Builder settings() throws IOException {
    if (server.getLocalAddress() instanceof UnixDomainSocketAddress unix) {
      return ClamdSettings.unixSocket(unix.getPath());
    }
    return ClamdSettings.tcp("127.0.0.1", ((InetSocketAddress) server.getLocalAddress()).getPort());
  }

  /** Every stream received whole (up to its empty chunk), in order. */
  List<byte[]> streams() {
    return streams;
  }

  /** Waits until a {@code zINSTREAM} command has arrived. */
  boolean awaitInstream(long seconds) throws InterruptedException {
    return instreamStarted.await(seconds, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws IOException {
    closed.countDown();
    server.close();
    for (SocketChannel c : connections) {
      c.close();
    }
    threads.shutdownNow();
  }

  private void acceptLoop() {
    while (server.isOpen()) {
      try {
        SocketChannel connection = server.accept();
        connections.add(connection);
        threads.execute(() -> serve(connection));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(SocketChannel connection) {
    try (connection) {
      Session session = new Session(connection);
      String command = session.command();
      if (command.equals("zVERSION")) {
        session.answer(versionAnswer);
      } else if (command.equals("zINSTREAM")) {
        instreamStarted.countDown();
        script.instream(session);
      } else {
        session.answer("UNKNOWN COMMAND");
      }
    } catch (IOException | InterruptedException e) {
      // the scanner went away, or the test is over
    } finally {
      connections.remove(connection);
    }
  }

  /** One connection, seen from the fake clamd. */
  final class Session {
    private final SocketChannel channel;
    private final DataInputStream in;

    Session(SocketChannel channel) {
      this.channel = channel;
      this.in = new DataInputStream(Channels.newInputStream(channel));
    }

    String command() throws IOException {
      ByteArrayOutputStream command = new ByteArrayOutputStream();
      for (int b = in.read(); b != 0; b = in.read()) {
        if (b < 0) {
          throw new EOFException();
        }
        command.write(b);
      }
      return command.toString(US_ASCII);
    }

    /** Reads chunks up to the empty one and returns their bytes; records them as a whole stream. */
    byte[] readStream() throws IOException {
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      for (int length = in.readInt(); length != 0; length = in.readInt()) {
        data.write(in.readNBytes(length));
      }
      streams.add(data.toByteArray());
      return data.toByteArray();
    }

    /** Reads about {@code bytes} bytes of the stream (whole chunks), as clamd does before it refuses. */
    void readSome(long bytes) throws IOException {
      long read = 0;
      while (read < bytes) {
        int length = in.readInt();
        in.readNBytes(length);
        read += length;
      }
    }

    void answer(String text) throws IOException {
      ByteBuffer bytes = ByteBuffer.wrap((text + "\0").getBytes(US_ASCII));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    }

    /** Does nothing more until the fake is closed: a clamd that hangs. */
    void hang() throws InterruptedException {
      closed.await();
    }

    InputStream raw() {
      return in;
    }
  }
}
