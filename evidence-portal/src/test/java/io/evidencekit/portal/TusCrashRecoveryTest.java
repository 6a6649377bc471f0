package io.evidencekit.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.Actor;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.api.NewEvidenceRequest;
import io.evidencekit.api.PhoneNumber;
import io.evidencekit.api.Recipient;
import io.evidencekit.api.RequestingOfficer;
import io.evidencekit.api.Sha256;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.api.UploadKey;
import io.evidencekit.core.EvidenceEngine;
import io.evidencekit.core.internal.EmbeddedH2;
import io.evidencekit.storage.fs.FilesystemBlobStore;
import io.evidencekit.tck.crash.CrashPoint;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tus endpoint does with the two states a crash leaves behind (issue 18): an upload the engine
 * recorded whose {@code done} marker was never written, and an upload whose submission no longer exists.
 */
@DisplayName("Tus uploads after a crash")
class TusCrashRecoveryTest {
  private static final Actor.Officer WRIGHT = Actor.Officer.of("pc-4471", "Wright, D.");

  @TempDir
  Path dir;

  private final AtomicBoolean crashAfterNextRecord = new AtomicBoolean();
  private EvidenceEngine engine;
  private FilesystemBlobStore blobs;
  private PortalServer server;
  private IssuedInvitation link;
  private KillLoopClient client;

  @BeforeEach
  void start() {
    blobs = new FilesystemBlobStore(dir.resolve("blobs"));
    engine = EvidenceEngine.builder().embeddedDatabase(dir.resolve("db")).blobStore(blobs).forceCode("46")
        .portalLinkBase(URI.create("http://127.0.0.1/r/")).manualDelivery().build();
    EvidenceRequest request = engine.officers().createRequest(WRIGHT, new NewEvidenceRequest("Burglary, 14 High Street",
        "CCTV from 01:00 to 03:00 on 3 May.", new RequestingOfficer("pc-4471", "Wright, D.",
            new EmailAddress("d.wright@kent.police.example"), new PhoneNumber("+441622690690")),
        new Recipient("D Smith", Optional.of(new EmailAddress("d.smith@example.org")), Optional.empty())));
    link = engine.officers().issueInvitation(WRIGHT, request.id(), "initial request");
    // The engine records the file, then the portal "crashes" before it can note so: what a kill there leaves.
    ParkingPublicSide side = new ParkingPublicSide(engine.publicSide(), CrashPoint.parse("none", System.out)) {
      @Override
      public EvidenceItem addStagedFileHashedWhileStaging(String token, SubmissionId submission, UploadKey key,
          String fileName, String claimedType, Path stagedFile, Sha256 sha256) {
        EvidenceItem item = super.addStagedFileHashedWhileStaging(token, submission, key, fileName, claimedType,
            stagedFile, sha256);
        if (crashAfterNextRecord.getAndSet(false)) {
          throw new EvidenceException(ErrorCode.INTERNAL, "simulated crash between the record and the done marker");
        }
        return item;
      }
    };
    server = PortalServer.builder(side).host("127.0.0.1").port(0).stagingDirectory(dir.resolve("staging"))
        .requestLog(line -> { }).build().start();
    client = new KillLoopClient(server.port(), link.token());
  }

  @AfterEach
  void stop() {
    server.close();
    engine.close();
    blobs.close();
  }

  @Test
  @DisplayName("an upload recorded just before a crash is completed by the client's next PATCH at its end with the same item, not a second one")
  void recordedBeforeTheMarker() throws Exception {
    String submission = client.start().orElseThrow();
    byte[] content = KillLoopModel.content(42, 200_000);
    String upload = client.create(submission, content.length, "front.mp4").location().orElseThrow();
    crashAfterNextRecord.set(true);

    KillLoopClient.Answer failed = client.patch(upload, 0, content, () -> { });
    assertThat(failed.status()).isEqualTo(500);
    List<EvidenceItem> recorded = engine.publicSide().draftItems(link.token(), SubmissionId.parse(submission));
    assertThat(recorded).hasSize(1);
    KillLoopClient.Answer head = client.head(upload);
    assertThat(head.offset()).isEqualTo(content.length);
    assertThat(head.item()).isEmpty();

    KillLoopClient.Answer done = client.patch(upload, content.length, new byte[0], () -> { });

    assertThat(done.status()).isEqualTo(204);
    assertThat(done.item()).contains(recorded.get(0).id().toString());
    assertThat(done.sha256()).contains(KillLoopModel.sha256(content));
    assertThat(engine.publicSide().draftItems(link.token(), SubmissionId.parse(submission))).isEqualTo(recorded);
    assertThat(engine.officers().custodyEvents(WRIGHT, recorded.get(0).requestId(), "check"))
        .filteredOn(e -> e.action() == CustodyAction.ITEM_RECEIVED).hasSize(1);
    assertThat(client.head(upload).item()).contains(recorded.get(0).id().toString());
  }

  @Test
  @DisplayName("an upload whose submission no longer exists answers 410 with a message when it completes, and its staged data is removed")
  void submissionGone() throws Exception {
    String submission = client.start().orElseThrow();
    byte[] content = KillLoopModel.content(7, 100_000);
    String upload = client.create(submission, content.length, "rear.mp4").location().orElseThrow();
    assertThat(client.patch(upload, 0, java.util.Arrays.copyOf(content, 50_000), () -> { }).status()).isEqualTo(204);
    Path staged = dir.resolve("staging").resolve("tus").resolve(upload.substring(upload.lastIndexOf('/') + 1));
    assertThat(staged).isDirectory();
    // What a database that lost recent commits (issue 18) leaves: the upload's submission is not there.
    try (Connection c = EmbeddedH2.open(dir.resolve("db")).getConnection();
        PreparedStatement delete = c.prepareStatement("DELETE FROM submission WHERE id = ?")) {
      delete.setObject(1, UUID.fromString(submission));
      assertThat(delete.executeUpdate()).isEqualTo(1);
    }

    KillLoopClient.Answer gone = client.patch(upload, 50_000, java.util.Arrays.copyOfRange(content, 50_000, 100_000),
        () -> { });

    assertThat(gone.status()).isEqualTo(410);
    assertThat(staged).doesNotExist();
    assertThat(client.head(upload).status()).isEqualTo(404);
    try (var left = Files.list(dir.resolve("staging").resolve("tus"))) {
      assertThat(left.filter(Files::isDirectory).toList()).as("nothing staged is left").isEmpty();
    }
  }
}
