package io.evidencekit.scan.clamav;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Where {@link ClamdScanner} finds clamd and how long it waits for it. Immutable.
 *
 * @param address clamd's {@code LocalSocket} (a {@link UnixDomainSocketAddress}) or its
 *     {@code TCPAddr}/{@code TCPSocket} (an {@link InetSocketAddress}, resolved again on every connection
 *     so a changed DNS entry is followed)
 * @param connectTimeout how long to wait for a connection, including the wait for one of the
 *     {@code maxConnections} to come free
 * @param ioTimeout how long clamd may go without taking any bytes of the stream, or without answering
 *     {@code VERSION}; when it passes the scan is {@code TIMEOUT}
 * @param replyTimeout how long to wait for the verdict after the last byte was sent: clamd's scan time
 *     (its {@code MaxScanTime}, 2 minutes by default) plus the time its queue may hold the scan
 * @param maxConnections how many connections to clamd this scanner holds at once (each scan holds one);
 *     keep it at or below clamd's {@code MaxThreads}, shared with every other client
 * @param streamMaxLength clamd's {@code StreamMaxLength}, if the host states it: larger items are then
 *     {@code TOO_LARGE} without being sent. When empty clamd's own refusal decides, after the bytes up
 *     to its limit were sent.
 */
public record ClamdSettings(
    SocketAddress address,
    Duration connectTimeout,
    Duration ioTimeout,
    Duration replyTimeout,
    int maxConnections,
    OptionalLong streamMaxLength) {

  private static final Duration MAX_TIMEOUT = Duration.ofHours(1);

  public ClamdSettings {
    Objects.requireNonNull(address, "address");
    if (!(address instanceof UnixDomainSocketAddress) && !(address instanceof InetSocketAddress)) {
      throw invalid("clamd's address is a Unix socket or a TCP host and port");
    }
    if (address instanceof UnixDomainSocketAddress unix && unix.getPath().toString().isEmpty()) {
      throw invalid("clamd's socket path must not be empty");
    }
    requireTimeout(connectTimeout, "connectTimeout");
    requireTimeout(ioTimeout, "ioTimeout");
    requireTimeout(replyTimeout, "replyTimeout");
    if (maxConnections < 1 || maxConnections > 1000) {
      throw invalid("maxConnections must be between 1 and 1000");
    }
    Objects.requireNonNull(streamMaxLength, "streamMaxLength");
    if (streamMaxLength.isPresent() && streamMaxLength.getAsLong() < 1) {
      throw invalid("streamMaxLength must be positive");
    }
  }

  /** clamd on its Unix socket, e.g. Debian's {@code /var/run/clamav/clamd.ctl}. */
  public static Builder unixSocket(Path socket) {
    Objects.requireNonNull(socket, "socket");
    return new Builder(UnixDomainSocketAddress.of(socket));
  }

  /** clamd on TCP. The host is resolved on every connection. */
  public static Builder tcp(String host, int port) {
    Objects.requireNonNull(host, "host");
    if (host.isBlank() || host.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
      throw invalid("clamd's host must be a host name or an address, without spaces");
    }
    if (port < 1 || port > 65535) {
      throw invalid("clamd's port must be between 1 and 65535");
    }
    return new Builder(InetSocketAddress.createUnresolved(host, port));
  }

  /** {@code unix:/var/run/clamav/clamd.ctl} or {@code tcp:clamd.internal:3310}. */
  String describeAddress() {
    if (address instanceof UnixDomainSocketAddress unix) {
      return "unix:" + unix.getPath();
    }
    InetSocketAddress inet = (InetSocketAddress) address;
    return "tcp:" + inet.getHostString() + ":" + inet.getPort();
  }

  private static void requireTimeout(Duration value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isNegative() || value.isZero() || value.compareTo(MAX_TIMEOUT) > 0) {
      // Zero would mean "wait forever" to a socket: a stalled clamd would hold the scan queue.
      throw invalid(what + " must be positive and at most " + MAX_TIMEOUT);
    }
  }

  private static EvidenceException invalid(String message) {
    return new EvidenceException(ErrorCode.CONFIGURATION, message);
  }

  /**
   * Builds {@link ClamdSettings}. Defaults: 5 s to connect, 30 s of silence while streaming, 3 minutes
   * for the verdict, 8 connections, no stated {@code StreamMaxLength}.
   */
  public static final class Builder {
    private final SocketAddress address;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration ioTimeout = Duration.ofSeconds(30);
    private Duration replyTimeout = Duration.ofMinutes(3);
    private int maxConnections = 8;
    private OptionalLong streamMaxLength = OptionalLong.empty();

    private Builder(SocketAddress address) {
      this.address = address;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    public Builder ioTimeout(Duration ioTimeout) {
      this.ioTimeout = ioTimeout;
      return this;
    }

    public Builder replyTimeout(Duration replyTimeout) {
      this.replyTimeout = replyTimeout;
      return this;
    }

    public Builder maxConnections(int maxConnections) {
      this.maxConnections = maxConnections;
      return this;
    }

    /** clamd's {@code StreamMaxLength} in bytes, as configured in its {@code clamd.conf}. */
    public Builder streamMaxLength(long bytes) {
      this.streamMaxLength = OptionalLong.of(bytes);
      return this;
    }

    public ClamdSettings build() {
      return new ClamdSettings(address, connectTimeout, ioTimeout, replyTimeout, maxConnections, streamMaxLength);
    }
  }
}
