package io.evidencekit.scan.clamav;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A clamd of the test's own: its own config, database, Unix socket and TCP port, all in a directory
 * under {@code target/}, in the foreground as a child process. The machine's own clamd service and
 * freshclam play no part.
 */
final class ClamdProcess implements AutoCloseable {
  static final long STREAM_MAX_LENGTH = 1 << 20;
  static final long MAX_FILE_SIZE = 512 << 10;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Path dir;
  private final Path socket;
  private final int port;
  private final Process process;

  private ClamdProcess(Path dir, Path socket, int port, Process process) {
    this.dir = dir;
    this.socket = socket;
    this.port = port;
    this.process = process;
  }

  /** Starts clamd with the test database in a new directory under {@code java.io.tmpdir} (target/). */
  static ClamdProcess start() throws IOException, InterruptedException {
    Path binary = ClamdAvailable.binary().orElseThrow(() -> new IllegalStateException("no clamd"));
    Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "clamd");
    Path socket = dir.resolve("clamd.sock");
    if (socket.toString().length() > 100) {
      throw new IllegalStateException("Unix socket path too long for the kernel (108 bytes): " + socket);
    }
    Files.createDirectories(dir.resolve("tmp"));
    TestSignatures.writeDatabase(dir.resolve("db"));
    int port = freePort();
    Path config = dir.resolve("clamd.conf");
    Files.writeString(config, String.join("\n",
        "Foreground yes",
        "DatabaseDirectory " + dir.resolve("db"),
        "TemporaryDirectory " + dir.resolve("tmp"),
        "LocalSocket " + socket,
        "TCPSocket " + port,
        "TCPAddr 127.0.0.1",
        "LogFile " + dir.resolve("clamd.log"),
        "PidFile " + dir.resolve("clamd.pid"),
        "StreamMaxLength " + STREAM_MAX_LENGTH,
        "MaxFileSize " + MAX_FILE_SIZE,
        "AlertExceedsMax yes",
        "AlertEncrypted yes",
        "SelfCheck 0",
        ""), US_ASCII);
    Process process = new ProcessBuilder(binary.toString(), "--config-file=" + config)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("clamd.out").toFile())
        .start();
    ClamdProcess clamd = new ClamdProcess(dir, socket, port, process);
    clamd.awaitReady();
    return clamd;
  }

  Path socket() {
    return socket;
  }

  int port() {
    return port;
  }

  Path dir() {
    return dir;
  }

  ClamdSettings.Builder unixSettings() {
    return ClamdSettings.unixSocket(socket);
  }

  ClamdSettings.Builder tcpSettings() {
    return ClamdSettings.tcp("127.0.0.1", port);
  }

  /** Stops clamd as a crash would (SIGKILL), or as an administrator would (SIGTERM); returns once it is gone. */
  void stop(boolean crash) {
    if (crash) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** Stops clamd and removes its directory (config, socket, database, logs). */
  @Override
  public void close() throws IOException {
    stop(false);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Polls PING until clamd answers PONG: it answers only once its database is loaded. */
  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("clamd exited with " + process.exitValue() + ": " + log());
      }
      if (pong()) {
        return;
      }
      Thread.sleep(50); // a wait for readiness, not a timing assertion
    }
    stop(true);
    throw new IllegalStateException("clamd did not answer PING within " + START_TIMEOUT + ": " + log());
  }

  private boolean pong() {
    if (!Files.exists(socket)) {
      return false;
    }
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      channel.write(ByteBuffer.wrap("zPING\0".getBytes(US_ASCII)));
      ByteBuffer reply = ByteBuffer.allocate(16);
      while (channel.read(reply) > 0) {
        // until clamd closes
      }
      return new String(reply.array(), 0, reply.position(), US_ASCII).startsWith("PONG");
    } catch (IOException e) {
      return false;
    }
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("clamd.out"), US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }
}
