package io.evidencekit.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.Limits;
import io.evidencekit.api.SubmissionId;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The tus 1.0 endpoint, driven by an independent client (tus-java-client)")
class TusEndpointTest {
  private static final String CSRF = "t".repeat(43);
  private static final int MB = 1 << 20;

  @TempDir
  java.nio.file.Path dir;
  PortalFixture portal;
  SubmissionId submission;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    portal = new PortalFixture(dir, new Limits(10, 64L * MB, 256L * MB));
    submission = portal.engine.publicSide().startSubmission(portal.token());
  }

  @AfterEach
  void stop() {
    portal.close();
  }

  private URL endpoint() throws Exception {
    return portal.base().resolve("r/" + portal.token() + "/uploads").toURL();
  }

  private TusClient client(TusURLMemoryStore store) throws Exception {
    TusClient client = new TusClient();
    client.setUploadCreationURL(endpoint());
    client.setHeaders(Map.of("Cookie", Csrf.COOKIE + "=" + CSRF, Csrf.HEADER, CSRF));
    client.enableResuming(store);
    return client;
  }

  private TusUpload upload(byte[] data, String name) {
    TusUpload u = new TusUpload();
    u.setInputStream(new ByteArrayInputStream(data));
    u.setSize(data.length);
    u.setFingerprint("test-" + name);
    u.setMetadata(Map.of("filename", name, "filetype", "video/mp4", "submission", submission.toString()));
    return u;
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private EvidenceItem onlyItem() {
    List<EvidenceItem> items = portal.engine.publicSide().draftItems(portal.token(), submission);
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  @Test
  @DisplayName("a file sent in many PATCH requests arrives whole, hashed across chunks, and the staged copy is removed")
  void chunks() throws Exception {
    byte[] data = random(5 * MB + 123, 1);
    TusUploader uploader = client(new TusURLMemoryStore()).createUpload(upload(data, "clip\u0007\u202Egpj.mp4"));
    uploader.setChunkSize(256 * 1024);
    uploader.setRequestPayloadSize(MB);
    while (uploader.uploadChunk() > -1) {
      // each call sends one chunk; a request ends every 1 MB
    }
    uploader.finish();
    EvidenceItem item = onlyItem();
    assertThat(item.sha256().hex()).isEqualTo(PortalPagesTest.sha256(data));
    assertThat(item.size()).isEqualTo(data.length);
    assertThat(item.submittedName()).isEqualTo("clip\uFFFD\u202Egpj.mp4");
    try (var staged = Files.walk(dir.resolve("staging/tus"))) {
      assertThat(staged.filter(p -> p.getFileName().toString().equals("data"))).isEmpty();
    }
    HttpResponse<Void> head = head(uploader.getUploadURL());
    assertThat(head.headers().firstValue("Upload-Offset")).hasValue(Integer.toString(data.length));
    assertThat(head.headers().firstValue("Evidence-Sha256")).hasValue(item.sha256().hex());
  }

  @Test
  @DisplayName("an upload whose connection is cut part-way resumes from the bytes acknowledged and completes intact")
  void resumeAfterCut() throws Exception {
    byte[] data = random(4 * MB, 2);
    TusURLMemoryStore store = new TusURLMemoryStore();
    TusUploader first = client(store).createUpload(upload(data, "cut.mp4"));
    URL url = first.getUploadURL();

    // A PATCH that promises the whole file but the connection dies after 1.5 MB.
    int sent = 3 * MB / 2;
    try (Socket socket = new Socket("127.0.0.1", portal.port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("PATCH " + url.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\n"
          + "Content-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\nContent-Length: " + data.length
          + "\r\nCookie: " + Csrf.COOKIE + "=" + CSRF + "\r\n" + Csrf.HEADER + ": " + CSRF + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(data, 0, sent);
      out.flush();
    }
    await(() -> offset(url) == sent);

    TusUploader resumed = client(store).resumeOrCreateUpload(upload(data, "cut.mp4"));
    assertThat(resumed.getUploadURL()).isEqualTo(url);
    assertThat(resumed.getOffset()).isEqualTo(sent);
    while (resumed.uploadChunk() > -1) {
      // the rest
    }
    resumed.finish();
    assertThat(onlyItem().sha256().hex()).isEqualTo(PortalPagesTest.sha256(data));
  }

  @Test
  @DisplayName("after a server restart the upload resumes and the hash is re-derived from the staged bytes")
  void resumeAfterRestart() throws Exception {
    byte[] data = random(3 * MB + 7, 3);
    TusURLMemoryStore store = new TusURLMemoryStore();
    TusUploader first = client(store).createUpload(upload(data, "restart.mp4"));
    first.setChunkSize(MB);
    first.setRequestPayloadSize(MB);
    first.uploadChunk();
    first.uploadChunk();
    first.finish(false);
    assertThat(offset(first.getUploadURL())).isEqualTo(2L * MB);

    portal.stopServer();
    portal.startServer();

    TusUploader resumed = client(store).resumeOrCreateUpload(upload(data, "restart.mp4"));
    assertThat(resumed.getOffset()).isEqualTo(2L * MB);
    while (resumed.uploadChunk() > -1) {
      // the rest
    }
    resumed.finish();
    assertThat(onlyItem().sha256().hex()).isEqualTo(PortalPagesTest.sha256(data));
  }

  @Test
  @DisplayName("a finished upload is written to disk once: the blob store adopts the staged file itself, and its staging name is removed")
  void finishedUploadIsAdoptedNotCopied() throws Exception {
    byte[] data = random(2 * MB + 5, 4);
    URI upload = create(data.length);
    patch(upload, 0, java.util.Arrays.copyOfRange(data, 0, data.length - 1));
    java.nio.file.Path staged = stagedData(upload);
    Object stagedInode = Files.getAttribute(staged, "unix:ino");

    HttpResponse<Void> done = patch(upload, data.length - 1, new byte[] {data[data.length - 1]});

    assertThat(done.headers().firstValue("Evidence-Sha256")).hasValue(PortalPagesTest.sha256(data));
    String hex = PortalPagesTest.sha256(data);
    java.nio.file.Path blob = dir.resolve("blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
    assertThat(Files.getAttribute(blob, "unix:ino")).isEqualTo(stagedInode);
    assertThat(Files.getAttribute(blob, "unix:nlink")).isEqualTo(1);
    assertThat(staged).doesNotExist();
    assertThat(blob).hasBinaryContent(data);
  }

  @Test
  @DisplayName("an upload whose bytes were all acknowledged but not yet recorded when the server stopped is recorded by the next PATCH at its end")
  void acknowledgedButUnrecordedUploadCompletesAfterRestart() throws Exception {
    byte[] data = random(MB + 3, 5);
    URI upload = create(data.length);
    patch(upload, 0, java.util.Arrays.copyOfRange(data, 0, MB));
    portal.stopServer();
    // What a crash between the last acknowledgement and the engine's record leaves: every byte staged
    // and acknowledged, no done.properties.
    java.nio.file.Path staged = stagedData(upload);
    Files.write(staged, java.util.Arrays.copyOfRange(data, MB, data.length), java.nio.file.StandardOpenOption.APPEND);
    Files.writeString(staged.resolveSibling("offset"), Integer.toString(data.length));
    portal.startServer();

    HttpResponse<Void> done = patch(upload, data.length, new byte[0]);

    assertThat(done.statusCode()).isEqualTo(204);
    assertThat(done.headers().firstValue("Evidence-Sha256")).hasValue(PortalPagesTest.sha256(data));
    assertThat(onlyItem().sha256().hex()).isEqualTo(PortalPagesTest.sha256(data));
    assertThat(staged).doesNotExist();
  }

  @Test
  @DisplayName("termination removes the upload and its staged bytes")
  void terminate() throws Exception {
    TusUploader u = client(new TusURLMemoryStore()).createUpload(upload(random(2 * MB, 4), "gone.mp4"));
    u.setChunkSize(MB);
    u.setRequestPayloadSize(MB);
    u.uploadChunk();
    u.finish(false);
    HttpResponse<Void> deleted = send(authed(u.getUploadURL().toURI()).DELETE());
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(head(u.getUploadURL()).statusCode()).isEqualTo(404);
    try (var staged = Files.list(dir.resolve("staging/tus"))) {
      assertThat(staged).isEmpty();
    }
    assertThat(portal.engine.publicSide().draftItems(portal.token(), submission)).isEmpty();
  }

  @Test
  @DisplayName("an unfinished upload expires: it answers 410, its bytes are swept, and a new upload can start")
  void expiration() throws Exception {
    TusUploader u = client(new TusURLMemoryStore()).createUpload(upload(random(2 * MB, 5), "late.mp4"));
    HttpResponse<Void> head = head(u.getUploadURL());
    Instant expires = java.time.ZonedDateTime.parse(head.headers().firstValue("Upload-Expires").orElseThrow(),
        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    assertThat(expires).isEqualTo(portal.clock.instant().plus(Duration.ofDays(1)));
    u.finish(false);

    portal.clock.advance(Duration.ofDays(1).plusSeconds(1));
    assertThat(head(u.getUploadURL()).statusCode()).isEqualTo(410);
    try (var staged = Files.list(dir.resolve("staging/tus"))) {
      assertThat(staged).isEmpty();
    }
    byte[] data = random(1000, 6);
    TusUploader again = client(new TusURLMemoryStore()).createUpload(upload(data, "again.mp4"));
    while (again.uploadChunk() > -1) {
      // all of it
    }
    again.finish();
    assertThat(onlyItem().sha256().hex()).isEqualTo(PortalPagesTest.sha256(data));
  }

  @Test
  @DisplayName("protocol rules: discovery, version, CSRF, size limit, offsets, content type, foreign submissions")
  void protocol() throws Exception {
    URI uploads = endpoint().toURI();
    HttpResponse<Void> options = send(HttpRequest.newBuilder(uploads).method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(options.statusCode()).isEqualTo(204);
    assertThat(options.headers().firstValue("Tus-Version")).hasValue("1.0.0");
    assertThat(options.headers().firstValue("Tus-Extension")).hasValue("creation,termination,expiration");
    assertThat(options.headers().firstValue("Tus-Max-Size")).hasValue(Long.toString(64L * MB));

    String meta = "submission " + java.util.Base64.getEncoder().encodeToString(submission.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(send(HttpRequest.newBuilder(uploads).header("Upload-Length", "10").header("Upload-Metadata", meta)
        .header(Csrf.HEADER, CSRF).header("Cookie", Csrf.COOKIE + "=" + CSRF)
        .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(412);
    assertThat(send(tus(uploads).header("Upload-Length", "10").header("Upload-Metadata", meta)
        .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(403);
    assertThat(send(authed(uploads).header("Upload-Length", Long.toString(64L * MB + 1)).header("Upload-Metadata", meta)
        .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(413);
    SubmissionId other = portal.engine.publicSide().startSubmission(portal.newRequest().token());
    String foreign = "submission " + java.util.Base64.getEncoder().encodeToString(other.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(send(authed(uploads).header("Upload-Length", "10").header("Upload-Metadata", foreign)
        .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(404);

    HttpResponse<Void> created = send(authed(uploads).header("Upload-Length", "10").header("Upload-Metadata", meta)
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(created.statusCode()).isEqualTo(201);
    URI upload = uploads.resolve(created.headers().firstValue("Location").orElseThrow());
    assertThat(send(authed(upload).header("Upload-Offset", "3").header("Content-Type", "application/offset+octet-stream")
        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(new byte[3]))).statusCode()).isEqualTo(409);
    assertThat(send(authed(upload).header("Upload-Offset", "0").header("Content-Type", "text/plain")
        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(new byte[3]))).statusCode()).isEqualTo(415);
    HttpResponse<Void> done = send(authed(upload).header("Upload-Offset", "0").header("Content-Type", "application/offset+octet-stream")
        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray("0123456789".getBytes(StandardCharsets.US_ASCII))));
    assertThat(done.statusCode()).isEqualTo(204);
    assertThat(done.headers().firstValue("Upload-Offset")).hasValue("10");
    assertThat(done.headers().firstValue("Evidence-Item")).isPresent();
    assertThat(send(HttpRequest.newBuilder(upload)).statusCode()).as("GET never serves bytes back").isIn(405, 412);
  }

  private URI create(long length) throws Exception {
    String meta = "filename " + java.util.Base64.getEncoder().encodeToString("cam.mp4".getBytes(StandardCharsets.UTF_8))
        + ",submission " + java.util.Base64.getEncoder().encodeToString(submission.toString().getBytes(StandardCharsets.UTF_8));
    HttpResponse<Void> created = send(authed(endpoint().toURI()).header("Upload-Length", Long.toString(length))
        .header("Upload-Metadata", meta).POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(created.statusCode()).isEqualTo(201);
    return endpoint().toURI().resolve(created.headers().firstValue("Location").orElseThrow());
  }

  private HttpResponse<Void> patch(URI upload, long offset, byte[] body) throws Exception {
    HttpResponse<Void> response = send(authed(upload).header("Upload-Offset", Long.toString(offset))
        .header("Content-Type", "application/offset+octet-stream")
        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body)));
    assertThat(response.statusCode()).isEqualTo(204);
    return response;
  }

  private java.nio.file.Path stagedData(URI upload) {
    String path = upload.getPath();
    return dir.resolve("staging/tus").resolve(path.substring(path.lastIndexOf('/') + 1)).resolve("data");
  }

  private HttpRequest.Builder tus(URI uri) {
    return HttpRequest.newBuilder(uri).header("Tus-Resumable", "1.0.0");
  }

  private HttpRequest.Builder authed(URI uri) {
    return tus(uri).header(Csrf.HEADER, CSRF).header("Cookie", Csrf.COOKIE + "=" + CSRF);
  }

  private HttpResponse<Void> head(URL url) throws Exception {
    return send(tus(url.toURI()).method("HEAD", HttpRequest.BodyPublishers.noBody()));
  }

  private long offset(URL url) {
    try {
      return Long.parseLong(head(url).headers().firstValue("Upload-Offset").orElse("-1"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<Void> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding());
  }

  /** Polls a condition until it holds (explicit wait, no fixed sleeps). */
  static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      Thread.onSpinWait();
    }
  }
}
