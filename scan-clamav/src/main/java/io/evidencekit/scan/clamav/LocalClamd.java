package io.evidencekit.scan.clamav;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A clamd of the caller's own, for demonstrations and tests on a machine that has {@code clamd} but no
 * managed daemon: its own config, Unix socket, log and signature database in a directory the caller gives.
 * Signature databases cannot always be downloaded (CI machines, closed networks), so the caller gives one
 * body signature ({@code .ndb}) that matches a marker string; freshclam's databases are not used. A real
 * force points {@link ClamdScanner} at its managed clamd, whose signatures freshclam keeps up to date.
 *
 * <p>{@link #close()} stops the daemon; idempotent. Thread-safe.
 */
public final class LocalClamd implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Path socket;
  private final Process process;

  private LocalClamd(Path socket, Process process) {
    this.socket = socket;
    this.process = process;
  }

  /** The clamd executable on the PATH or in Debian's {@code /usr/sbin}, if there is one. */
  public static Optional<Path> binary() {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    dirs.add("/usr/sbin");
    dirs.add("/usr/local/sbin");
    return dirs.stream().filter(d -> !d.isBlank()).map(d -> Path.of(d, "clamd")).filter(Files::isExecutable).findFirst();
  }

  /**
   * Starts clamd in {@code dir} with one body signature named {@code signature} that matches the ASCII
   * {@code marker} anywhere in a file, and waits until it answers (at most 90 s, while it loads); empty when
   * the machine has no clamd. Throws when clamd is there but does not start.
   */
  public static Optional<LocalClamd> start(Path dir, String signature, String marker)
      throws IOException, InterruptedException {
    if (!signature.matches("[A-Za-z0-9._-]{1,100}") || marker.length() < 8 || !US_ASCII.newEncoder().canEncode(marker)) {
      throw new io.evidencekit.api.EvidenceException(io.evidencekit.api.ErrorCode.CONFIGURATION,
          "a local clamd's signature is a plain name and its marker at least 8 ASCII characters");
    }
    Optional<Path> binary = binary();
    if (binary.isEmpty()) {
      return Optional.empty();
    }
    Files.createDirectories(dir.resolve("db"));
    Files.createDirectories(dir.resolve("tmp"));
    Path socket = dir.resolve("clamd.sock");
    if (socket.toAbsolutePath().toString().length() > 100) {
      socket = Files.createTempDirectory("evidencekit-clamd").resolve("clamd.sock"); // the kernel's limit is 108 bytes
    }
    Files.deleteIfExists(socket);
    Files.writeString(dir.resolve("db").resolve("local.ndb"),
        signature + ":0:*:" + HexFormat.of().formatHex(marker.getBytes(US_ASCII)) + "\n", US_ASCII);
    Path config = dir.resolve("clamd.conf");
    Files.writeString(config, String.join("\n",
        "Foreground yes",
        "DatabaseDirectory " + dir.resolve("db").toAbsolutePath(),
        "TemporaryDirectory " + dir.resolve("tmp").toAbsolutePath(),
        "LocalSocket " + socket.toAbsolutePath(),
        "LogFile " + dir.resolve("clamd.log").toAbsolutePath(),
        "StreamMaxLength 100M",
        "SelfCheck 0",
        ""), US_ASCII);
    Process process = new ProcessBuilder(binary.get().toString(), "--config-file=" + config.toAbsolutePath())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("clamd.out").toFile())
        .start();
    LocalClamd clamd = new LocalClamd(socket, process);
    try {
      clamd.awaitReady(dir);
    } catch (IOException | RuntimeException e) {
      clamd.close();
      throw e;
    }
    return Optional.of(clamd);
  }

  /** The daemon's Unix socket, for {@code ClamdSettings.unixSocket(...)}. */
  public Path socket() {
    return socket;
  }

  private void awaitReady(Path dir) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("clamd exited with " + process.exitValue() + ": "
            + Files.readString(dir.resolve("clamd.out"), US_ASCII));
      }
      if (pong()) {
        return;
      }
      Thread.sleep(50); // waiting for the daemon to load its database
    }
    throw new IOException("clamd did not answer within " + START_TIMEOUT);
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

  /** Stops clamd; idempotent. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
