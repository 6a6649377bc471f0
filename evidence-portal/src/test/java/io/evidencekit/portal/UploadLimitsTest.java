package io.evidencekit.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.Declaration;
import io.evidencekit.api.Limits;
import io.evidencekit.api.SubmissionId;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Resumable uploads within limits: unfinished uploads count, staging is capped, odd tus requests are refused cleanly")
class UploadLimitsTest {
  private static final int MB = 1 << 20;
  /** The limits the probe used: 5 files, 1 MiB per file, 3 MiB per submission. */
  private static final Limits PROBE = new Limits(5, MB, 3L * MB);

  @TempDir
  Path dir;
  PortalFixture portal;
  TusRequests tus;
  String submission;

  private void start(Limits limits, Consumer<PortalServer.Builder> configure) {
    portal = new PortalFixture(dir, limits, configure);
    tus = new TusRequests(portal);
    submission = portal.engine.publicSide().startSubmission(portal.token()).toString();
  }

  private void start() {
    start(PROBE, b -> { });
  }

  @AfterEach
  void stop() {
    if (portal != null) {
      portal.close();
    }
  }

  private URI created(long length) {
    HttpResponse<String> r = tus.create(submission, length, "cam.mp4");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return tus.location(r);
  }

  private long stagedUploads() throws Exception {
    try (var dirs = Files.list(dir.resolve("staging/tus"))) {
      return dirs.count();
    }
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  @DisplayName("unfinished uploads count against the file count at creation: a sixth upload on a 5-file submission answers 413 and says why")
  void unfinishedUploadsCountAgainstTheFileCount() throws Exception {
    start();
    for (int i = 0; i < 5; i++) {
      created(10);
    }
    HttpResponse<String> sixth = tus.create(submission, 10, "sixth.mp4");
    assertThat(sixth.statusCode()).isEqualTo(413);
    assertThat(sixth.body()).contains("You can send up to 5 files. Remove a file before adding another.");
    assertThat(stagedUploads()).isEqualTo(5);
  }

  @Test
  @DisplayName("declared lengths of unfinished uploads count against the submission's total at creation (413)")
  void unfinishedUploadsCountAgainstTheTotal() throws Exception {
    start();
    for (int i = 0; i < 3; i++) {
      created(MB);
    }
    HttpResponse<String> fourth = tus.create(submission, 1, "one-byte.mp4");
    assertThat(fourth.statusCode()).isEqualTo(413);
    assertThat(fourth.body()).contains("more than 3.1 MB in total");
    assertThat(stagedUploads()).isEqualTo(3);
  }

  @Test
  @DisplayName("files already received and unfinished uploads count together; finishing or terminating an upload gives its room back")
  void receivedAndUnfinishedTogether() {
    start();
    URI first = created(MB);
    assertThat(tus.patch(first, 0, random(MB, 1)).statusCode()).isEqualTo(204); // now a file of 1 MiB
    URI second = created(MB);
    created(MB);
    assertThat(tus.create(submission, 1, "x").statusCode()).isEqualTo(413);
    assertThat(tus.delete(second).statusCode()).isEqualTo(204);
    assertThat(tus.create(submission, MB, "again.mp4").statusCode()).isEqualTo(201);
  }

  @Test
  @DisplayName("after a restart, unfinished uploads left in staging still count")
  void reservationsSurviveARestart() {
    start();
    for (int i = 0; i < 5; i++) {
      created(10);
    }
    portal.stopServer();
    portal.startServer();
    assertThat(tus.create(submission, 10, "sixth.mp4").statusCode()).isEqualTo(413);
  }

  @Test
  @DisplayName("what one link may stage at once is capped: past the cap a new upload answers 507, other links are unaffected")
  void perLinkCap() {
    start(new Limits(50, 64L * MB, 256L * MB), b -> b.stagingLimits(2L * MB, Long.MAX_VALUE));
    created(MB);
    created(MB);
    HttpResponse<String> third = tus.create(submission, 1, "third.mp4");
    assertThat(third.statusCode()).isEqualTo(507);
    assertThat(third.body()).contains("more at once than this service can take for one link");
    portal.newRequest();
    TusRequests other = new TusRequests(portal);
    String otherSubmission = portal.engine.publicSide().startSubmission(portal.token()).toString();
    assertThat(other.create(otherSubmission, MB, "other.mp4").statusCode()).isEqualTo(201);
  }

  @Test
  @DisplayName("what the whole server may stage at once is capped: past the cap a new upload answers 503 with Retry-After")
  void perServerCap() {
    start(new Limits(50, 64L * MB, 256L * MB), b -> b.stagingLimits(Long.MAX_VALUE, 3L * MB));
    created(2L * MB);
    portal.newRequest();
    TusRequests other = new TusRequests(portal);
    String otherSubmission = portal.engine.publicSide().startSubmission(portal.token()).toString();
    HttpResponse<String> refused = other.create(otherSubmission, 2L * MB, "other.mp4");
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(refused.body()).contains("Try again in a few minutes");
  }

  @Test
  @DisplayName("an upload that would leave the staging disk without its free margin answers 507 before any byte arrives")
  void diskMargin() throws Exception {
    AtomicLong usable = new AtomicLong(10L * MB);
    start(new Limits(50, 64L * MB, 256L * MB), b -> b.usableSpace(usable::get).stagingFreeSpace(2L * MB));
    URI first = created(6L * MB); // 6 still to arrive + 2 kept free <= 10
    HttpResponse<String> second = tus.create(submission, 3L * MB, "second.mp4");
    assertThat(second.statusCode()).isEqualTo(507);
    assertThat(second.body()).contains("cannot store more files at the moment");
    assertThat(stagedUploads()).isEqualTo(1);
    // Bytes on disk are no longer "to arrive": as the first upload's bytes land, room is counted from the disk itself.
    assertThat(tus.patch(first, 0, random(4 * MB, 2)).statusCode()).isEqualTo(204);
    usable.set(6L * MB);
    assertThat(tus.create(submission, 2L * MB, "fits.mp4").statusCode()).isEqualTo(201);
  }

  @Test
  @DisplayName("a chunked PATCH longer than the upload answers 400 and keeps only what was acknowledged; the upload then completes intact")
  void bodyLongerThanTheUpload() throws Exception {
    start();
    byte[] data = random(50, 3);
    URI upload = created(50);
    assertThat(tus.patch(upload, 0, Arrays.copyOf(data, 20)).statusCode()).isEqualTo(204);

    byte[] tooLong = new byte[410];
    System.arraycopy(data, 20, tooLong, 0, 30);
    HttpResponse<String> refused = tus.patchChunked(upload, 20, tooLong);

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.headers().firstValue("Upload-Offset")).hasValue("20");
    assertThat(tus.offset(upload)).isEqualTo(20);
    assertThat(portal.engine.publicSide().draftItems(portal.token(), SubmissionId.parse(submission))).isEmpty();
    HttpResponse<String> rest = tus.patchChunked(upload, 20, Arrays.copyOfRange(data, 20, 50));
    assertThat(rest.statusCode()).isEqualTo(204);
    assertThat(rest.headers().firstValue("Evidence-Sha256")).hasValue(PortalPagesTest.sha256(data));
  }

  @Test
  @DisplayName("a PATCH declaring more than is missing (Content-Length) is refused before any byte is read")
  void declaredBodyTooLong() {
    start();
    URI upload = created(50);
    HttpResponse<String> refused = tus.patch(upload, 0, new byte[51]);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(tus.offset(upload)).isZero();
  }

  @Test
  @DisplayName("tus DELETE of a finished upload removes its file from the draft, as the Remove button does")
  void deleteFinishedUpload() {
    start();
    URI upload = created(5);
    assertThat(tus.patch(upload, 0, new byte[] {1, 2, 3, 4, 5}).statusCode()).isEqualTo(204);
    SubmissionId id = SubmissionId.parse(submission);
    assertThat(portal.engine.publicSide().draftItems(portal.token(), id)).hasSize(1);

    assertThat(tus.delete(upload).statusCode()).isEqualTo(204);

    assertThat(portal.engine.publicSide().draftItems(portal.token(), id)).isEmpty();
    assertThat(tus.head(upload).statusCode()).isEqualTo(404);
    assertThat(tus.delete(upload).statusCode()).isEqualTo(404); // gone: a second DELETE finds nothing
  }

  @Test
  @DisplayName("once the submission was sent, tus DELETE of its finished upload answers 409 and the file stays sent")
  void deleteAfterSubmit() {
    start();
    URI upload = created(5);
    assertThat(tus.patch(upload, 0, new byte[] {1, 2, 3, 4, 5}).statusCode()).isEqualTo(204);
    SubmissionId id = SubmissionId.parse(submission);
    portal.engine.publicSide().submit(portal.token(), id, Optional.empty(), Declaration.of(1));

    assertThat(tus.delete(upload).statusCode()).isEqualTo(409);

    assertThat(portal.engine.officers().submissions(PortalFixture.WRIGHT, portal.request.id(), "check").get(0).items()).hasSize(1);
  }

  @Test
  @DisplayName("an upload whose submission was sent meanwhile is refused with 409 and its staged bytes are deleted at once")
  void closedSubmissionDeletesTheUpload() throws Exception {
    start();
    URI upload = created(10);
    assertThat(tus.patch(upload, 0, new byte[5]).statusCode()).isEqualTo(204);
    SubmissionId id = SubmissionId.parse(submission);
    portal.engine.publicSide().addFile(portal.token(), id, "other.mp4", "video/mp4", new ByteArrayInputStream(new byte[] {9}));
    portal.engine.publicSide().submit(portal.token(), id, Optional.empty(), Declaration.of(1));

    HttpResponse<String> refused = tus.patch(upload, 5, new byte[5]);

    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.body()).contains("These files have already been sent");
    assertThat(stagedUploads()).isZero();
  }

  @Test
  @DisplayName("an upload over the per-file limit is refused at creation with 413, naming its size and the limit")
  void overThePerFileLimit() throws Exception {
    start();
    HttpResponse<String> refused = tus.create(submission, 2L * MB, "big.mp4");
    assertThat(refused.statusCode()).isEqualTo(413);
    assertThat(refused.body()).contains("This file is 2.1 MB. Each file must be 1.0 MB or smaller.");
    assertThat(stagedUploads()).isZero();
  }

  @Test
  @DisplayName("tus requests with odd headers are refused cleanly: lengths past a long, negative offsets, unknown uploads")
  void oddHeaders() {
    start();
    assertThat(tus.send(tus.authed(tus.endpoint()).header("Upload-Length", "99999999999999999999")
        .POST(java.net.http.HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(400);
    assertThat(tus.send(tus.authed(tus.endpoint()).header("Upload-Length", "-1")
        .POST(java.net.http.HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(400);
    URI upload = created(10);
    assertThat(tus.send(tus.authed(upload).header("Upload-Offset", "-5").header("Content-Type", "application/offset+octet-stream")
        .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[1]))).statusCode()).isEqualTo(400);
    URI unknown = tus.endpoint().resolve("uploads/AAAAAAAAAAAAAAAAAAAAAA");
    assertThat(tus.head(unknown).statusCode()).isEqualTo(404);
    assertThat(tus.patch(unknown, 0, new byte[1]).statusCode()).isEqualTo(404);
  }
}
