package io.evidencekit.core;

import static io.evidencekit.core.testing.TestData.WRIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.ByteRange;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.Declaration;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.api.ItemUse;
import io.evidencekit.api.Limits;
import io.evidencekit.api.Sha256;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.api.UploadKey;
import io.evidencekit.core.testing.DatabaseKind;
import io.evidencekit.core.testing.TestData;
import io.evidencekit.storage.fs.FilesystemBlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The engine on the real {@link FilesystemBlobStore}: dedup, range reads and integrity checks end to end. */
@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("The engine on a FilesystemBlobStore")
class FilesystemStoreEngineTest extends EngineTestBase {
  private FilesystemBlobStore blobs;
  private Path root;
  private final byte[] footage = new byte[3_000_000];

  @BeforeEach
  void fileStore() {
    new Random(42).nextBytes(footage);
    root = dir.resolve("blobs");
    blobs = new FilesystemBlobStore(root);
    engine = newEngine(b -> b.blobStore(blobs));
  }

  @AfterEach
  void closeStore() {
    blobs.close();
  }

  @Test
  @DisplayName("identical content sent twice is stored once on disk and recorded as two items")
  void storedOnceRecordedTwice() throws IOException {
    IssuedInvitation link = requestAndInvite();
    SubmissionId submission = engine.publicSide().startSubmission(link.token());
    EvidenceItem first = engine.publicSide().addFile(link.token(), submission, "front.mp4", "video/mp4", new ByteArrayInputStream(footage));
    EvidenceItem second = engine.publicSide().addFile(link.token(), submission, "copy.mp4", "video/mp4", new ByteArrayInputStream(footage));
    engine.publicSide().submit(link.token(), submission, Optional.empty(), Declaration.of(2));

    assertThat(first.id()).isNotEqualTo(second.id());
    assertThat(first.sha256()).isEqualTo(second.sha256());
    assertThat(publishedFiles()).hasSize(1);
    assertThat(engine.custody().events(TestData.AUDITOR, 0, 100, "audit in a test")).filteredOn(e -> e.action() == CustodyAction.ITEM_RECEIVED).hasSize(2);
    try (Stream<Path> temps = Files.list(root.resolve("tmp"))) {
      assertThat(temps).isEmpty();
    }
  }

  @Test
  @DisplayName("range reads return exactly the bytes asked for, for seeking in video")
  void rangeReads() throws IOException {
    EvidenceItem item = submit();
    for (long[] r : new long[][] {{0, 10}, {1_234_567, 100_000}, {footage.length - 5, 50}, {footage.length, 10}}) {
      try (InputStream in = engine.officers().openItem(WRIGHT, item.id(), new ByteRange(r[0], r[1]), ItemUse.VIEW, "seek")) {
        int from = (int) Math.min(r[0], footage.length);
        int to = (int) Math.min(footage.length, r[0] + r[1]);
        assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(footage, from, to));
      }
    }
  }

  @Test
  @DisplayName("a whole read verifies as it streams; a file altered on disk gives INTEGRITY_FAILURE and a custody event")
  void alteredFileOnDisk() throws IOException {
    EvidenceItem item = submit();
    try (InputStream in = engine.officers().openItem(WRIGHT, item.id(), ByteRange.ALL, ItemUse.VIEW, "review")) {
      assertThat(in.readAllBytes()).isEqualTo(footage);
    }
    Path file = publishedFiles().get(0);
    file.toFile().setWritable(true);
    byte[] altered = footage.clone();
    altered[2_000_000] ^= 1;
    Files.write(file, altered);

    assertThatThrownBy(() -> {
      try (InputStream in = engine.officers().openItem(WRIGHT, item.id(), ByteRange.ALL, ItemUse.VIEW, "review")) {
        in.readAllBytes();
      }
    }).isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTEGRITY_FAILURE));
    assertThat(engine.custody().events(TestData.AUDITOR, 0, 100, "audit in a test")).filteredOn(e -> e.action() == CustodyAction.INTEGRITY_FAILURE)
        .singleElement().satisfies(e -> assertThat(e.itemId()).contains(item.id()));
  }

  @Test
  @DisplayName("a staged file is adopted without a second copy: its blob is the staged file, and the item and custody event are those of addFile")
  void stagedFileIsAdopted() throws IOException {
    IssuedInvitation link = requestAndInvite();
    SubmissionId submission = engine.publicSide().startSubmission(link.token());
    Path staged = Files.write(Files.createDirectories(dir.resolve("staging")).resolve("data"), footage);

    EvidenceItem item = engine.publicSide().addStagedFile(link.token(), submission, "front.mp4", "video/mp4", staged,
        new Sha256(TestData.sha256(footage)));

    assertThat(item.sha256()).isEqualTo(new Sha256(TestData.sha256(footage)));
    assertThat(item.size()).isEqualTo(footage.length);
    assertThat(publishedFiles()).singleElement().satisfies(blob -> assertThat(Files.isSameFile(blob, staged)).isTrue());
    Files.delete(staged);
    try (InputStream in = engine.officers().openItem(WRIGHT, item.id(), ByteRange.ALL, ItemUse.VIEW, "review")) {
      assertThat(in.readAllBytes()).isEqualTo(footage);
    }
    assertThat(engine.custody().events(TestData.AUDITOR, 0, 100, "audit in a test")).filteredOn(e -> e.action() == CustodyAction.ITEM_RECEIVED).singleElement()
        .satisfies(e -> {
          assertThat(e.itemId()).contains(item.id());
          assertThat(e.details()).containsEntry("sha256", item.sha256().hex()).containsEntry("name", "front.mp4")
              .containsEntry("size", Integer.toString(footage.length)).containsEntry("claimedType", "video/mp4")
              .doesNotContainKey("sha256By"); // the engine hashed it itself
        });
    try (Stream<Path> temps = Files.list(root.resolve("tmp"))) {
      assertThat(temps).isEmpty();
    }
  }

  @Test
  @DisplayName("a file the portal hashed while staging it is adopted as the blob under that digest, and its custody event says the portal computed the digest while receiving")
  void stagedFileHashedWhileStaging() throws IOException {
    IssuedInvitation link = requestAndInvite();
    SubmissionId submission = engine.publicSide().startSubmission(link.token());
    Path staged = Files.write(Files.createDirectories(dir.resolve("staging")).resolve("data"), footage);
    Sha256 digest = new Sha256(TestData.sha256(footage));

    EvidenceItem item = engine.publicSide().addStagedFileHashedWhileStaging(link.token(), submission,
        new UploadKey("upload-1"), "front.mp4", "video/mp4", staged, digest);

    assertThat(item.sha256()).isEqualTo(digest);
    assertThat(item.size()).isEqualTo(footage.length);
    assertThat(publishedFiles()).singleElement().satisfies(blob -> assertThat(Files.isSameFile(blob, staged)).isTrue());
    assertThat(engine.custody().events(TestData.AUDITOR, 0, 100, "audit in a test"))
        .filteredOn(e -> e.action() == CustodyAction.ITEM_RECEIVED).singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("sha256", digest.hex())
            .containsEntry("sha256By", "portal-while-receiving").containsEntry("upload", "upload-1"));
    Files.delete(staged);
    try (InputStream in = engine.officers().openItem(WRIGHT, item.id(), ByteRange.ALL, ItemUse.VIEW, "review")) {
      assertThat(in.readAllBytes()).isEqualTo(footage); // reads still verify against the recorded digest
    }
  }

  @Test
  @DisplayName("a staged file whose given SHA-256 is not its own is refused with INTEGRITY_FAILURE; nothing is stored or recorded")
  void stagedFileWithAnotherDigest() throws IOException {
    IssuedInvitation link = requestAndInvite();
    SubmissionId submission = engine.publicSide().startSubmission(link.token());
    Path staged = Files.write(Files.createDirectories(dir.resolve("staging")).resolve("data"), footage);
    long events = engine.custody().size();

    assertThatThrownBy(() -> engine.publicSide().addStagedFile(link.token(), submission, "front.mp4", "video/mp4", staged,
        new Sha256(TestData.sha256(new byte[] {1}))))
        .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTEGRITY_FAILURE));

    assertThat(publishedFiles()).isEmpty();
    assertThat(engine.publicSide().draftItems(link.token(), submission)).isEmpty();
    assertThat(engine.custody().size()).isEqualTo(events);
  }

  @Test
  @DisplayName("a staged file over the size limit is refused with LIMIT_EXCEEDED and nothing is stored")
  void stagedFileOverTheLimit() throws IOException {
    engine = newEngine(b -> b.blobStore(blobs).limits(new Limits(10, footage.length - 1, 100_000_000)));
    IssuedInvitation link = requestAndInvite();
    SubmissionId submission = engine.publicSide().startSubmission(link.token());
    Path staged = Files.write(Files.createDirectories(dir.resolve("staging")).resolve("data"), footage);

    assertThatThrownBy(() -> engine.publicSide().addStagedFile(link.token(), submission, "front.mp4", "video/mp4", staged,
        new Sha256(TestData.sha256(footage))))
        .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED));

    assertThat(publishedFiles()).isEmpty();
    assertThat(engine.publicSide().draftItems(link.token(), submission)).isEmpty();
  }

  private EvidenceItem submit() {
    IssuedInvitation link = requestAndInvite();
    SubmissionId submission = engine.publicSide().startSubmission(link.token());
    EvidenceItem item = engine.publicSide().addFile(link.token(), submission, "front.mp4", "video/mp4", new ByteArrayInputStream(footage));
    engine.publicSide().submit(link.token(), submission, Optional.empty(), Declaration.of(1));
    return item;
  }

  private java.util.List<Path> publishedFiles() throws IOException {
    if (!Files.exists(root.resolve("sha256"))) {
      return java.util.List.of();
    }
    try (Stream<Path> files = Files.walk(root.resolve("sha256"))) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
