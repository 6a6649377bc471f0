package io.evidencekit.core;

import static io.evidencekit.core.testing.TestData.WRIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.ByteRange;
import io.evidencekit.api.Declaration;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.IngestListener;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.api.ItemUse;
import io.evidencekit.api.OfficerIngest;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.core.testing.DatabaseKind;
import io.evidencekit.core.testing.MemoryBlobStore;
import io.evidencekit.core.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("Identical content on a store that does not deduplicate")
class DeduplicationTest extends EngineTestBase {
  private static final byte[] FOOTAGE = "the same doorbell clip, byte for byte".getBytes(StandardCharsets.UTF_8);

  private final MemoryBlobStore inPlace = MemoryBlobStore.writingInPlace();
  private EvidenceEngine onInPlace;

  @BeforeEach
  void engineOnAStoreWithoutDeduplication() {
    onInPlace = newEngine(b -> b.blobStore(inPlace));
  }

  @Test
  @DisplayName("the same file sent twice is recorded twice and stored once, and both items read back")
  void storedOnce() throws Exception {
    IssuedInvitation link = invite();
    SubmissionId submission = onInPlace.publicSide().startSubmission(link.token());

    EvidenceItem first = onInPlace.publicSide().addFile(link.token(), submission, "a.mp4", "video/mp4", new ByteArrayInputStream(FOOTAGE));
    EvidenceItem second = onInPlace.publicSide().addFile(link.token(), submission, "b.mp4", "video/mp4",
        new ByteArrayInputStream(FOOTAGE), FOOTAGE.length);
    onInPlace.publicSide().submit(link.token(), submission, Optional.empty(), Declaration.of(2));

    assertThat(inPlace.blobCount()).isEqualTo(1);
    assertThat(inPlace.openWriters()).isZero();
    assertThat(read(first)).isEqualTo(FOOTAGE);
    assertThat(read(second)).isEqualTo(FOOTAGE);
  }

  @Test
  @DisplayName("an officer ingesting two identical files stores one copy, and tells the store each file's size in advance")
  void officerIngestStoredOnce() throws Exception {
    Path export = Files.createDirectories(dir.resolve("usb"));
    Files.write(export.resolve("cam1.264"), FOOTAGE);
    Files.write(export.resolve("cam1-copy.264"), FOOTAGE);
    EvidenceRequest request = onInPlace.officers().createRequest(WRIGHT, TestData.burglaryRequest());

    OfficerIngest result = onInPlace.officers().ingestFiles(WRIGHT, request.id(), List.of(export), "exhibit DW/1", IngestListener.NONE);

    assertThat(result.receipt().orElseThrow().files()).hasSize(2);
    assertThat(inPlace.blobCount()).isEqualTo(1);
    assertThat(inPlace.announcedSizes()).containsExactly((long) FOOTAGE.length, (long) FOOTAGE.length);
  }

  @Test
  @DisplayName("content whose length is not the declared size fails with UPLOAD_INTERRUPTED and leaves nothing")
  void declaredSizeEnforced() {
    IssuedInvitation link = invite();
    SubmissionId submission = onInPlace.publicSide().startSubmission(link.token());

    for (long declared : new long[] {FOOTAGE.length - 1, FOOTAGE.length + 1}) {
      assertThatThrownBy(() -> onInPlace.publicSide().addFile(link.token(), submission, "a.mp4", "video/mp4",
          new ByteArrayInputStream(FOOTAGE), declared))
          .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UPLOAD_INTERRUPTED));
    }

    assertThat(inPlace.blobCount()).isZero();
    assertThat(inPlace.openWriters()).isZero();
    assertThatThrownBy(() -> onInPlace.publicSide().submit(link.token(), submission, Optional.empty(), Declaration.of(1)))
        .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SUBMISSION_EMPTY));
  }

  private IssuedInvitation invite() {
    var request = onInPlace.officers().createRequest(WRIGHT, TestData.burglaryRequest());
    return onInPlace.officers().issueInvitation(WRIGHT, request.id(), "initial request");
  }

  private byte[] read(EvidenceItem item) throws Exception {
    try (InputStream in = onInPlace.officers().openItem(WRIGHT, item.id(), ByteRange.ALL, ItemUse.VIEW, "checking the copy")) {
      return in.readAllBytes();
    }
  }
}
