package io.evidencekit.portal;

import io.evidencekit.api.Actor;
import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.api.NewEvidenceRequest;
import io.evidencekit.api.PhoneNumber;
import io.evidencekit.api.Recipient;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.RequestingOfficer;
import io.evidencekit.api.Submission;
import io.evidencekit.core.EngineBuilder;
import io.evidencekit.core.EvidenceEngine;
import io.evidencekit.core.custody.AuditReport;
import io.evidencekit.storage.fs.FilesystemBlobStore;
import io.evidencekit.tck.crash.CrashPoint;
import io.evidencekit.tck.crash.ParkingBlobStore;
import java.io.PrintStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The child of {@link PortalKillLoopTest}: the README's {@code --serve} on a data directory (the embedded
 * default database in {@code DATA/db}, or PostgreSQL; the filesystem store in {@code DATA/blobs}; tus
 * staging in {@code DATA/staging}), with crash points. On first start it creates the request and its
 * link and keeps them in {@code DATA/link}. Every start, as an officer would, it creates another request
 * ({@code REF <reference> <id>}, printed once issued), then prints what the database holds: {@code REQ
 * <reference> <id>} per request, {@code SUB <id> <state>} and {@code ITEM <submission> <item> <sha256>} per
 * submission and item of the link's request, {@code AUDIT <intact> <size>}; then serves and prints
 * {@code READY <port> <token>}. It ends only by SIGKILL.
 *
 * <p>Arguments: data directory, database ({@code h2} or a PostgreSQL URL), crash point.
 */
public final class KillLoopHost {
  static final Actor.Officer WRIGHT = Actor.Officer.of("pc-4471", "Wright, D.");
  private static final String WHY = "kill loop check";

  private KillLoopHost() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    Path data = Path.of(args[0]);
    CrashPoint crash = CrashPoint.parse(args[2], out);
    EngineBuilder builder = EvidenceEngine.builder()
        .blobStore(new ParkingBlobStore(new FilesystemBlobStore(data.resolve("blobs")), crash))
        .forceCode("46")
        .portalLinkBase(URI.create("http://127.0.0.1/r/"))
        .manualDelivery();
    if (args[1].equals("h2")) {
      builder.embeddedDatabase(data.resolve("db"));
    } else {
      PGSimpleDataSource pg = new PGSimpleDataSource();
      pg.setURL(args[1]);
      pg.setUser("postgres");
      builder.dataSource(pg);
    }
    EvidenceEngine engine = builder.build();
    Path linkFile = data.resolve("link");
    if (!Files.exists(linkFile)) {
      EvidenceRequest request = engine.officers().createRequest(WRIGHT, request());
      IssuedInvitation link = engine.officers().issueInvitation(WRIGHT, request.id(), "initial request");
      writeDurably(linkFile, request.id() + " " + link.token());
    }
    String[] link = Files.readString(linkFile, StandardCharsets.US_ASCII).strip().split(" ");
    RequestId requestId = new RequestId(UUID.fromString(link[0]));
    String token = link[1];
    EvidenceRequest another = engine.officers().createRequest(WRIGHT, request());
    out.println("REF " + another.reference() + " " + another.id());
    for (EvidenceRequest r : engine.officers().listRequests(WRIGHT, WHY)) {
      out.println("REQ " + r.reference() + " " + r.id());
    }
    for (Submission s : engine.officers().submissions(WRIGHT, requestId, WHY)) {
      out.println("SUB " + s.id() + " " + s.state());
      for (EvidenceItem item : s.items()) {
        out.println("ITEM " + s.id() + " " + item.id() + " " + item.sha256());
      }
    }
    AuditReport audit = engine.custody().audit();
    out.println("AUDIT " + audit.intact() + " " + audit.treeSize() + " " + audit);
    PortalServer server = PortalServer.builder(new ParkingPublicSide(engine.publicSide(), crash))
        .host("127.0.0.1").port(0).stagingDirectory(data.resolve("staging")).requestLog(line -> { })
        .build().start();
    out.println("READY " + server.port() + " " + token);
    out.flush();
    crash.arm();
    while (true) {
      LockSupport.park(); // serve until killed
    }
  }

  private static NewEvidenceRequest request() {
    return new NewEvidenceRequest("Burglary, 14 High Street", "CCTV from 01:00 to 03:00 on 3 May showing the street.",
        new RequestingOfficer("pc-4471", "Wright, D.", new EmailAddress("d.wright@kent.police.example"),
            new PhoneNumber("+441622690690")),
        new Recipient("D Smith", Optional.of(new EmailAddress("d.smith@example.org")), Optional.empty()));
  }

  /** The link must outlive any kill once written: temporary file, forced, moved into place, directory forced. */
  private static void writeDurably(Path target, String content) throws Exception {
    Path temp = target.resolveSibling(target.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(java.nio.ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII)));
      ch.force(true);
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    }
  }
}
