package io.evidencekit.portal;

import io.evidencekit.api.Actor;
import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.api.Limits;
import io.evidencekit.api.NewEvidenceRequest;
import io.evidencekit.api.PhoneNumber;
import io.evidencekit.api.Recipient;
import io.evidencekit.api.RequestingOfficer;
import io.evidencekit.api.SubmissionPolicy;
import io.evidencekit.core.EngineBuilder;
import io.evidencekit.core.EvidenceEngine;
import io.evidencekit.notify.email.SmtpNotifier;
import io.evidencekit.notify.email.SmtpSettings;
import io.evidencekit.notify.email.TransportSecurity;
import io.evidencekit.storage.fs.FilesystemBlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A real engine (H2 and the filesystem store under a temporary directory) behind a real portal on a
 * free port, with one evidence request and its link. Optionally the engine emails through SMTP.
 */
final class PortalFixture implements AutoCloseable {
  static final Actor.Officer WRIGHT = Actor.Officer.of("pc-4471", "Wright, D.");
  /** May read the whole custody log (the default policy grants it to auditors). */
  static final Actor.Officer AUDITOR = Actor.Officer.of("aud-7", "Khan, S.", "auditor");
  static final String DESCRIPTION = "Please send CCTV from 01:00 to 03:00 on 3 May showing High Street.";

  final MutableClock clock = new MutableClock(Instant.parse("2024-05-13T09:00:00Z"));
  final List<String> accessLog = new CopyOnWriteArrayList<>();
  final Path dir;
  final int port;
  final EvidenceEngine engine;
  final FilesystemBlobStore blobs;
  private final SmtpNotifier smtp;
  private final boolean secure;
  private final Consumer<PortalServer.Builder> configure;
  private PortalServer server;
  EvidenceRequest request;
  IssuedInvitation invitation;

  PortalFixture(Path dir, Limits limits) {
    this(dir, limits, OptionalInt.empty(), false);
  }

  PortalFixture(Path dir, Limits limits, OptionalInt smtpPort, boolean secure) {
    this(dir, limits, smtpPort, secure, b -> { });
  }

  /** With {@code configure} applied to the portal server's builder (extra settings for a test). */
  PortalFixture(Path dir, Limits limits, Consumer<PortalServer.Builder> configure) {
    this(dir, limits, OptionalInt.empty(), false, configure);
  }

  PortalFixture(Path dir, Limits limits, OptionalInt smtpPort, boolean secure, Consumer<PortalServer.Builder> configure) {
    this(dir, limits, smtpPort, secure, configure, e -> { });
  }

  /** With {@code engineSetup} applied to the engine's builder too (a media inspector, for example). */
  PortalFixture(Path dir, Limits limits, OptionalInt smtpPort, boolean secure, Consumer<PortalServer.Builder> configure,
      Consumer<EngineBuilder> engineSetup) {
    this.dir = dir;
    this.secure = secure;
    this.configure = configure;
    this.port = freePort();
    this.blobs = new FilesystemBlobStore(dir.resolve("blobs"));
    EngineBuilder b = EvidenceEngine.builder()
        .embeddedDatabase(dir.resolve("db"))
        .blobStore(blobs)
        .clock(clock)
        .random(new SecureRandom())
        .limits(limits)
        .forceCode("46")
        .portalLinkBase(URI.create("http://127.0.0.1:" + port + "/r/"));
    if (smtpPort.isPresent()) {
      smtp = new SmtpNotifier(SmtpSettings.builder("127.0.0.1", new EmailAddress("no-reply@kent.police.example"), "Kent Police")
          .port(smtpPort.getAsInt()).security(TransportSecurity.NONE).build());
      b.notifier(smtp);
    } else {
      smtp = null;
      b.manualDelivery();
    }
    engineSetup.accept(b);
    this.engine = b.build();
    startServer();
    newRequest();
  }

  /** Creates another request and link (the previous one stays valid). */
  IssuedInvitation newRequest() {
    return newRequest(SubmissionPolicy.REPEATABLE);
  }

  /** Creates another request with the given policy, and its link (the previous one stays valid). */
  IssuedInvitation newRequest(SubmissionPolicy policy) {
    return newRequest(policy, List.of());
  }

  /** Creates another request with time windows as data, and its link. */
  IssuedInvitation newRequest(SubmissionPolicy policy, List<io.evidencekit.api.TimeWindow> windows) {
    RequestingOfficer contact = new RequestingOfficer("pc-4471", "Wright, D.",
        new EmailAddress("d.wright@kent.police.example"), new PhoneNumber("+441622690690"));
    request = engine.officers().createRequest(WRIGHT, new NewEvidenceRequest("Burglary at 14 High Street", DESCRIPTION, contact,
        new Recipient("D Smith", Optional.of(new EmailAddress("d.smith@example.org")), Optional.empty()), policy,
        windows));
    invitation = engine.officers().issueInvitation(WRIGHT, request.id(), "initial request");
    return invitation;
  }

  /** Re-issues the current request's link (the old one stops working). */
  IssuedInvitation reissue() {
    invitation = engine.officers().issueInvitation(WRIGHT, request.id(), "recipient asked for a new link");
    return invitation;
  }

  String token() {
    return invitation.token();
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  String link() {
    return invitation.link().toString();
  }

  /** Stops the web server only (the engine and staging directory stay), as a restart would. */
  void stopServer() {
    server.close();
  }

  void startServer() {
    PortalServer.Builder b = PortalServer.builder(engine.publicSide())
        .host("127.0.0.1").port(port)
        .forceName("Kent Police")
        .secure(secure)
        .stagingDirectory(dir.resolve("staging"))
        .clock(clock)
        .requestLog(accessLog::add);
    configure.accept(b);
    server = b.build().start();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Limits smallLimits() {
    return new Limits(5, 2L << 20, 6L << 20);
  }

  @Override
  public void close() {
    server.close();
    engine.close();
    blobs.close();
    if (smtp != null) {
      smtp.close();
    }
  }

  static Duration days(int n) {
    return Duration.ofDays(n);
  }
}
