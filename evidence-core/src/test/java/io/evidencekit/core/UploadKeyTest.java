package io.evidencekit.core;

import static io.evidencekit.core.testing.TestData.WRIGHT;
import static io.evidencekit.core.testing.TestData.sha256;
import static io.evidencekit.core.testing.TestData.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.Declaration;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.api.Receipt;
import io.evidencekit.api.Sha256;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.api.UploadKey;
import io.evidencekit.core.testing.DatabaseKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An item carries the upload it came from (issue 18): handing the same upload over again, as a client
 * does after a crash between the engine recording it and the client learning so, finds the item instead
 * of recording the file twice.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("Uploads keyed by the identity their client gave them")
class UploadKeyTest extends EngineTestBase {
  private static final UploadKey KEY = new UploadKey("kq3Z0uF5R7mB9x2Lw8Ty4A");

  private IssuedInvitation link;
  private SubmissionId submission;

  @BeforeEach
  void draft() {
    link = requestAndInvite();
    submission = engine.publicSide().startSubmission(link.token());
  }

  private Path staged(String content) throws IOException {
    Path file = dir.resolve("staged-" + sha256(content));
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private long received() {
    return engine.officers().custodyEvents(WRIGHT, engine.officers().listRequests(WRIGHT, "check").get(0).id(), "check")
        .stream().filter(e -> e.action() == CustodyAction.ITEM_RECEIVED).count();
  }

  @Test
  @DisplayName("a finished upload handed over again under its key returns the item recorded first and records nothing more")
  void replayFindsTheItem() throws IOException {
    Path file = staged("front camera 01:00-03:00");
    Sha256 digest = new Sha256(sha256("front camera 01:00-03:00"));
    EvidenceItem first = engine.publicSide().addStagedFile(link.token(), submission, KEY, "front.mp4", "video/mp4", file,
        digest);

    EvidenceItem again = engine.publicSide().addStagedFile(link.token(), submission, KEY, "front.mp4", "video/mp4", file,
        digest);

    assertThat(again).isEqualTo(first);
    assertThat(engine.publicSide().draftItems(link.token(), submission)).containsExactly(first);
    assertThat(received()).isEqualTo(1);
    Receipt receipt = engine.publicSide().submit(link.token(), submission, Optional.empty(), Declaration.of(1));
    assertThat(receipt.files()).hasSize(1);
  }

  @Test
  @DisplayName("a new keyed item is queued for the malware scanners once, and a replay queues nothing more")
  void replayQueuesNoSecondScan() throws Exception {
    Path file = staged("doorbell 02:14");
    Sha256 digest = new Sha256(sha256("doorbell 02:14"));
    EvidenceItem first = engine.publicSide().addStagedFile(link.token(), submission, KEY, "door.mp4", "video/mp4", file,
        digest);
    assertThat(scanRows(first)).isEqualTo(1);

    engine.publicSide().addStagedFile(link.token(), submission, KEY, "door.mp4", "video/mp4", file, digest);
    engine.publicSide().addFile(link.token(), submission, KEY, "door.mp4", "video/mp4", utf8("doorbell 02:14"),
        OptionalLong.empty());

    assertThat(scanRows(first)).isEqualTo(1);
    try (Connection c = dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM scan_queue")) {
      rs.next();
      assertThat(rs.getLong(1)).as("scan queue rows").isEqualTo(1);
    }
  }

  private long scanRows(EvidenceItem item) throws Exception {
    try (Connection c = dataSource().getConnection();
        PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM scan_queue WHERE item_id = ?")) {
      q.setObject(1, item.id().value());
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  @DisplayName("the item's custody event names the upload it came from")
  void eventNamesTheUpload() throws IOException {
    EvidenceItem item = engine.publicSide().addStagedFile(link.token(), submission, KEY, "front.mp4", "video/mp4",
        staged("bytes"), new Sha256(sha256("bytes")));

    CustodyEvent event = engine.officers().custodyEvents(WRIGHT, item.requestId(), "check").stream()
        .filter(e -> e.action() == CustodyAction.ITEM_RECEIVED).findFirst().orElseThrow();
    assertThat(event.details()).containsEntry("upload", KEY.value());
  }

  @Test
  @DisplayName("a replay after the submission was sent still finds its item, and the submission is unchanged")
  void replayAfterSubmit() throws IOException {
    Path file = staged("rear camera");
    EvidenceItem first = engine.publicSide().addStagedFile(link.token(), submission, KEY, "rear.mp4", "video/mp4", file,
        new Sha256(sha256("rear camera")));
    Receipt receipt = engine.publicSide().submit(link.token(), submission, Optional.empty(), Declaration.of(1));

    EvidenceItem again = engine.publicSide().addStagedFile(link.token(), submission, KEY, "rear.mp4", "video/mp4", file,
        new Sha256(sha256("rear camera")));

    assertThat(again).isEqualTo(first);
    assertThat(engine.publicSide().submit(link.token(), submission, Optional.empty(), Declaration.of(1)))
        .isEqualTo(receipt);
    assertThat(received()).isEqualTo(1);
  }

  @Test
  @DisplayName("the same key with other content is refused and changes nothing")
  void keyReusedForOtherContent() throws IOException {
    engine.publicSide().addStagedFile(link.token(), submission, KEY, "a.mp4", "video/mp4", staged("first"),
        new Sha256(sha256("first")));

    assertThatThrownBy(() -> engine.publicSide().addStagedFile(link.token(), submission, KEY, "b.mp4", "video/mp4",
        staged("second"), new Sha256(sha256("second"))))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
    assertThat(engine.publicSide().draftItems(link.token(), submission)).hasSize(1);
    assertThat(received()).isEqualTo(1);
  }

  @Test
  @DisplayName("a streamed upload replayed under its key is not read again")
  void streamedReplayReadsNothing() {
    EvidenceItem first = engine.publicSide().addFile(link.token(), submission, KEY, "clip.mp4", "video/mp4",
        utf8("clip bytes"), OptionalLong.of(10));
    InputStream untouchable = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("a replay must not read the content");
      }
    };

    EvidenceItem again = engine.publicSide().addFile(link.token(), submission, KEY, "clip.mp4", "video/mp4", untouchable,
        OptionalLong.empty());

    assertThat(again).isEqualTo(first);
    assertThat(received()).isEqualTo(1);
  }

  @Test
  @DisplayName("the same key in another submission is another upload")
  void keyIsPerSubmission() {
    SubmissionId other = engine.publicSide().startSubmission(link.token());
    EvidenceItem one = engine.publicSide().addFile(link.token(), submission, KEY, "a.mp4", "video/mp4", utf8("a"),
        OptionalLong.empty());

    EvidenceItem two = engine.publicSide().addFile(link.token(), other, KEY, "a.mp4", "video/mp4", utf8("a"),
        OptionalLong.empty());

    assertThat(two.id()).isNotEqualTo(one.id());
    assertThat(two.submissionId()).isEqualTo(other);
  }

  @Test
  @DisplayName("eight callers racing to hand over one upload under one key record it once")
  void racingReplaysRecordOnce() throws Exception {
    Path file = staged("racing bytes");
    Sha256 digest = new Sha256(sha256("racing bytes"));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<EvidenceItem>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(() -> engine.publicSide().addStagedFile(link.token(), submission, KEY, "race.mp4", "video/mp4", file,
            digest));
      }
      List<EvidenceItem> items = new ArrayList<>();
      for (Future<EvidenceItem> f : pool.invokeAll(calls)) {
        items.add(f.get());
      }
      assertThat(items).extracting(EvidenceItem::id).containsOnly(items.get(0).id());
    } finally {
      pool.shutdown();
    }
    assertThat(engine.publicSide().draftItems(link.token(), submission)).hasSize(1);
    assertThat(received()).isEqualTo(1);
  }

  @Test
  @DisplayName("an upload key is 1 to 128 letters, digits, '-', '_', '.' or ':'")
  void keyShape() {
    assertThat(new UploadKey("a").value()).isEqualTo("a");
    assertThat(new UploadKey("x".repeat(128)).value()).hasSize(128);
    for (String bad : List.of("", "x".repeat(129), "has space", "slash/", "ü")) {
      assertThatThrownBy(() -> new UploadKey(bad)).isInstanceOf(EvidenceException.class)
          .extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
    }
  }
}
