package io.evidencekit.portal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a browser running the portal's page does, over plain HTTP, for the kill loop: start a submission,
 * create tus uploads and send their bytes in PATCH requests, ask HEAD where an upload stands, and submit
 * the form. Every answer is returned as it came; the caller decides what it acknowledged. One per portal
 * process (its port and link); thread-safe.
 */
final class KillLoopClient {
  static final String CSRF = "k".repeat(43);
  private static final Pattern SUBMISSION = Pattern.compile("\"submission\":\"([0-9a-f-]{36})\"");
  private static final Pattern SHA256 = Pattern.compile("\\b[0-9a-f]{64}\\b");

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final URI link;

  KillLoopClient(int port, String token) {
    this.link = URI.create("http://127.0.0.1:" + port + "/r/" + token);
  }

  /** What an upload answered; {@code offset} and {@code item} are those of the tus headers, if sent. */
  record Answer(int status, long offset, Optional<String> item, Optional<String> sha256, Optional<String> location) {}

  /** POST .../start: a new draft submission, or the link's open draft; empty if refused. */
  Optional<String> start() throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(csrf(HttpRequest.newBuilder(URI.create(link + "/start")))
        .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    Matcher m = SUBMISSION.matcher(r.body());
    // 200: the link's open draft, e.g. one whose start committed just before a kill cut the answer off.
    return (r.statusCode() == 201 || r.statusCode() == 200) && m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** tus creation of an upload of {@code length} bytes into {@code submission}. */
  Answer create(String submission, long length, String fileName) throws IOException, InterruptedException {
    String metadata = "submission " + b64(submission) + ",filename " + b64(fileName) + ",filetype "
        + b64("application/octet-stream");
    return answer(http.send(tus(HttpRequest.newBuilder(URI.create(link + "/uploads")))
        .header("Upload-Length", Long.toString(length)).header("Upload-Metadata", metadata)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()));
  }

  /**
   * tus PATCH of {@code body} at {@code offset} to the upload at {@code path} (as its creation's Location
   * gave it: the port changes with every restart); {@code halfway} runs once half the body has been sent.
   */
  Answer patch(String path, long offset, byte[] body, Runnable halfway) throws IOException, InterruptedException {
    URI upload = link.resolve(path);
    HttpRequest.BodyPublisher publisher = body.length == 0 ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.fromPublisher(
            HttpRequest.BodyPublishers.ofInputStream(() -> new Halfway(body, halfway)), body.length);
    return answer(http.send(tus(HttpRequest.newBuilder(upload)).header("Upload-Offset", Long.toString(offset))
        .header("Content-Type", "application/offset+octet-stream").method("PATCH", publisher).build(),
        HttpResponse.BodyHandlers.ofString()));
  }

  /** tus HEAD: where the upload at {@code path} stands after a restart. */
  Answer head(String path) throws IOException, InterruptedException {
    return answer(http.send(tus(HttpRequest.newBuilder(link.resolve(path))).method("HEAD", HttpRequest.BodyPublishers.noBody())
        .build(), HttpResponse.BodyHandlers.ofString()));
  }

  /**
   * Submits the form with the declaration for {@code files} files; the receipt page's SHA-256 values, or
   * empty if the answer was not a receipt.
   */
  Optional<List<String>> submit(String submission, int files) throws IOException, InterruptedException {
    String form = "csrf=" + CSRF + "&submission=" + submission + "&caption=&declaration=agreed&files=" + files;
    HttpResponse<String> r = http.send(csrf(HttpRequest.newBuilder(URI.create(link + "/submit")))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      return Optional.empty();
    }
    List<String> hashes = new ArrayList<>();
    Matcher m = SHA256.matcher(r.body());
    while (m.find()) {
      hashes.add(m.group());
    }
    return Optional.of(hashes);
  }

  private static HttpRequest.Builder csrf(HttpRequest.Builder b) {
    return b.timeout(Duration.ofMinutes(2)).header("Cookie", Csrf.COOKIE + "=" + CSRF).header(Csrf.HEADER, CSRF);
  }

  private static HttpRequest.Builder tus(HttpRequest.Builder b) {
    return csrf(b).header("Tus-Resumable", TusEndpoint.VERSION);
  }

  private Answer answer(HttpResponse<String> r) {
    return new Answer(r.statusCode(), r.headers().firstValueAsLong("Upload-Offset").orElse(-1),
        r.headers().firstValue("Evidence-Item"), r.headers().firstValue("Evidence-Sha256"),
        r.headers().firstValue("Location").map(l -> link.resolve(l).getPath()));
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** The body of a PATCH, calling back once half of it has been read for sending. */
  private static final class Halfway extends InputStream {
    private final ByteArrayInputStream in;
    private final int half;
    private final Runnable callback;
    private int read;
    private boolean called;

    Halfway(byte[] body, Runnable callback) {
      this.in = new ByteArrayInputStream(body);
      this.half = body.length / 2;
      this.callback = callback;
    }

    @Override
    public int read() {
      int b = in.read();
      progressed(b < 0 ? 0 : 1);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      int n = in.read(b, off, Math.min(len, 16 * 1024));
      progressed(Math.max(n, 0));
      return n;
    }

    private void progressed(int n) {
      read += n;
      if (!called && read >= half) {
        called = true;
        callback.run();
      }
    }
  }
}
