package io.evidencekit.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.evidencekit.api.EmailAddress;
import io.evidencekit.core.EvidenceEngine;
import io.evidencekit.notify.email.SmtpNotifier;
import io.evidencekit.notify.email.SmtpSettings;
import io.evidencekit.notify.email.TransportSecurity;
import io.evidencekit.portal.Portal;
import io.evidencekit.portal.postgresql.PostgresLinkGuessBudget;
import io.evidencekit.spi.BlobStore;
import io.evidencekit.storage.fs.FilesystemBlobStore;
import io.evidencekit.storage.s3.S3BlobStore;
import io.evidencekit.storage.s3.S3PartStaging;
import io.evidencekit.storage.s3.S3Settings;
import io.evidencekit.verify.Ed25519CheckpointSigner;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Properties;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * One node of a cluster, as a host would run it: the engine on the shared PostgreSQL, the filesystem blob
 * store in a shared directory with the portal's staging directory beside it (or, with {@code storage=s3},
 * the S3 blob store and the portal's resumable uploads in one bucket), the link-guessing budget in
 * PostgreSQL, the portal mounted in the host's own Jetty (behind the balancer: client addresses from
 * {@code X-Forwarded-For}), and {@code /healthz} for the balancer's health check. Everything a node knows
 * is in the database and the shared directory, so it may be killed at any moment.
 *
 * <p>Settings come from a properties file named by the one argument. Prints {@code READY} when serving.
 */
public final class ClusterNode {
  private ClusterNode() {}

  public static void main(String[] args) throws Exception {
    Properties p = new Properties();
    try (var in = java.nio.file.Files.newInputStream(Path.of(args[0]))) {
      p.load(in);
    }
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(p.getProperty("jdbcUrl"));
    pool.setUsername(p.getProperty("user"));
    pool.setMaximumPoolSize(20);
    pool.setPoolName("evidencekit");
    HikariDataSource db = new HikariDataSource(pool); // a connection per request would fork a PostgreSQL backend each time
    Path shared = Path.of(p.getProperty("sharedDirectory"));
    String origin = p.getProperty("logOrigin");
    byte[] signingKey = HexFormat.of().parseHex(p.getProperty("signingKey"));
    // Storage: a shared directory (blobs and staging beside each other), or one S3 bucket holding the blobs
    // and the unfinished uploads, with only the form uploads' spill files on the node's own disk.
    boolean s3 = p.getProperty("storage", "directory").equals("s3");
    S3Settings bucket = s3 ? S3Settings.builder().endpoint(URI.create(p.getProperty("s3Endpoint"))).region("us-east-1")
        .bucket(p.getProperty("s3Bucket")).pathStyleAccess(true)
        .credentials(p.getProperty("s3AccessKey"), p.getProperty("s3SecretKey")).keyPrefix("evidence/")
        .partSize(S3Settings.MIN_PART_SIZE).maxAttempts(6).build() : null;
    BlobStore blobs = s3 ? new S3BlobStore(bucket) : new FilesystemBlobStore(shared.resolve("blobs"));
    EvidenceEngine engine = EvidenceEngine.builder()
        .dataSource(db)
        .blobStore(blobs)
        .notifier(new SmtpNotifier(SmtpSettings.builder("127.0.0.1", new EmailAddress("no-reply@kent.police.example"),
            "Kent Police").port(Integer.parseInt(p.getProperty("smtpPort"))).security(TransportSecurity.NONE).build()))
        .forceCode("46")
        .portalLinkBase(URI.create(p.getProperty("publicBase") + "r/"))
        .outboxKey(HexFormat.of().parseHex(p.getProperty("outboxKey")))
        .logOrigin(origin)
        .checkpointSigner(Ed25519CheckpointSigner.fromPrivateKey(origin, signingKey))
        .checkpointEvery(Duration.ofSeconds(5))
        .build();
    Portal.Builder portalBuilder = Portal.builder(engine.publicSide())
        .forceName("Kent Police")
        .linkGuessBudget(PostgresLinkGuessBudget.builder(db).onGuessing(engine.publicSide()::recordLinkGuessing).build());
    if (s3) {
      portalBuilder.stagingDirectory(Path.of(p.getProperty("localDirectory")).resolve("staging"))
          .staging(new S3PartStaging(bucket));
    } else {
      portalBuilder.stagingDirectory(shared.resolve("staging"));
    }
    Portal portal = portalBuilder.build();

    Server server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.addCustomizer(new ForwardedRequestCustomizer()); // only the balancer can reach a node
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(Integer.parseInt(p.getProperty("port")));
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServletContainerInitializer((classes, ctx) -> {
      portal.register(ctx);
      ctx.addServlet("health", new Health(engine)).addMapping("/healthz");
    });
    server.setHandler(context);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.stop();
      } catch (Exception e) {
        // stopping anyway
      }
      engine.close();
    }));
    server.start();
    System.out.println("READY " + connector.getLocalPort());
    System.out.flush();
    server.join();
  }

  /** 200 while the node can reach its database; 503 otherwise, so the balancer sends no new requests here. */
  private static final class Health extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient EvidenceEngine engine;

    Health(EvidenceEngine engine) {
      this.engine = engine;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setHeader("Cache-Control", "no-store");
      try {
        engine.operations().deliveryHolds();
        resp.setStatus(200);
        resp.getWriter().write("ok\n");
      } catch (RuntimeException e) {
        resp.setStatus(503);
      }
    }
  }
}
