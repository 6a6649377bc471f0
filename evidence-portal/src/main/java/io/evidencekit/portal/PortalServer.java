package io.evidencekit.portal;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.PublicSide;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portal on embedded Jetty, for forces that run it standalone (behind their TLS proxy).
 *
 * <pre>{@code
 * try (PortalServer server = PortalServer.builder(engine).host("0.0.0.0").port(8080)
 *     .forceName("Kent Police").stagingDirectory(dir).secure(true).build().start()) { ... }
 * }</pre>
 *
 * <p>The engine's portal link base should be {@code <public URL>/r/}. The access log masks tokens.
 * Every answer Jetty gives on its own (a request it cannot parse, headers or an address too large, an
 * error no servlet answered) is the portal's page with its security headers ({@link PortalErrorHandler}
 * on the server and on the context).
 */
public final class PortalServer implements AutoCloseable {
  private static final Logger ACCESS = LoggerFactory.getLogger("io.evidencekit.portal.access");

  private final Server server;
  private final ServerConnector connector;
  private final String host;

  private PortalServer(Builder b) {
    Portal portal = b.portal.build();
    this.host = b.host;
    this.server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    HttpConnectionFactory h1 = new HttpConnectionFactory(http);
    // Jetty reads the socket 8 KiB at a time by default: ~130k read calls per GB of upload (measured by
    // TusPeerBenchmark). 64 KiB reads, as Node's peer server makes, cut that eightfold.
    h1.setInputBufferSize(64 << 10);
    this.connector = new ServerConnector(server, h1);
    connector.setHost(b.host);
    connector.setPort(b.port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServletContainerInitializer((classes, ctx) -> portal.register(ctx));
    // Every error Jetty answers itself, before or after routing, gets the portal's page and headers.
    PortalErrorHandler errors = portal.errorHandler("");
    context.setErrorHandler(errors);
    server.setHandler(context);
    server.setErrorHandler(errors);
    server.setRequestLog(new MaskingRequestLog(b.requestLog));
  }

  public static Builder builder(PublicSide engine) {
    return new Builder(engine);
  }

  public PortalServer start() {
    try {
      server.start();
    } catch (Exception e) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "the portal could not start: " + e.getMessage(), e);
    }
    return this;
  }

  /** The port bound (useful with port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** {@code http://host:port/}. */
  public URI uri() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return URI.create("http://" + h + ":" + port() + "/");
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new EvidenceException(ErrorCode.INTERNAL, "the portal did not stop cleanly", e);
    }
  }

  /** Builds a {@link PortalServer}; settings not named here are those of {@link Portal.Builder}. */
  public static final class Builder {
    private final Portal.Builder portal;
    private String host = "127.0.0.1";
    private int port = 8080;
    private Consumer<String> requestLog = ACCESS::info;

    private Builder(PublicSide engine) {
      this.portal = Portal.builder(engine);
    }

    public Builder host(String host) {
      this.host = Objects.requireNonNull(host);
      return this;
    }

    /** 0 picks a free port. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new EvidenceException(ErrorCode.CONFIGURATION, "port must be 0 to 65535");
      }
      this.port = port;
      return this;
    }

    public Builder forceName(String name) {
      portal.forceName(name);
      return this;
    }

    public Builder serviceName(String name) {
      portal.serviceName(name);
      return this;
    }

    public Builder secure(boolean secure) {
      portal.secure(secure);
      return this;
    }

    public Builder stagingDirectory(Path dir) {
      portal.stagingDirectory(dir);
      return this;
    }

    /** Resumable uploads kept in {@code parts} (an S3 bucket) instead of the staging directory: see {@link Portal.Builder#staging(io.evidencekit.spi.PartStaging)}. */
    public Builder staging(io.evidencekit.spi.PartStaging parts) {
      portal.staging(parts);
      return this;
    }

    public Builder uploadExpiry(Duration expiry) {
      portal.uploadExpiry(expiry);
      return this;
    }

    public Builder linkGuessLimit(int burst, Duration refillEvery) {
      portal.linkGuessLimit(burst, refillEvery);
      return this;
    }

    public Builder linkGuessBudget(LinkGuessBudget budget) {
      portal.linkGuessBudget(budget);
      return this;
    }

    public Builder linkGuessGlobalLimit(int burst, Duration refillEvery) {
      portal.linkGuessGlobalLimit(burst, refillEvery);
      return this;
    }

    public Builder stagingLimits(long perLink, long perServer) {
      portal.stagingLimits(perLink, perServer);
      return this;
    }

    public Builder stagingFreeSpace(long keepFree) {
      portal.stagingFreeSpace(keepFree);
      return this;
    }

    public Builder locale(java.util.Locale locale) {
      portal.locale(locale);
      return this;
    }

    public Builder zone(java.time.ZoneId zone) {
      portal.zone(zone);
      return this;
    }

    /** Tests: how much of the staging disk is usable. */
    Builder usableSpace(java.util.function.LongSupplier usableSpace) {
      portal.usableSpace(usableSpace);
      return this;
    }

    public Builder clock(Clock clock) {
      portal.clock(clock);
      return this;
    }

    public Builder random(SecureRandom random) {
      portal.random(random);
      return this;
    }

    /** Where access-log lines go (tokens already masked); default SLF4J logger {@code io.evidencekit.portal.access}. */
    public Builder requestLog(Consumer<String> writer) {
      this.requestLog = Objects.requireNonNull(writer);
      return this;
    }

    public PortalServer build() {
      return new PortalServer(this);
    }
  }
}
