package io.evidencekit.portal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** tus requests by hand (each header visible in the test), with the CSRF cookie and header a page would send. */
final class TusRequests {
  static final String CSRF = "t".repeat(43);
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI endpoint;

  TusRequests(PortalFixture portal) {
    this(portal, portal.token());
  }

  TusRequests(PortalFixture portal, String token) {
    this.endpoint = portal.base().resolve("r/" + token + "/uploads");
  }

  URI endpoint() {
    return endpoint;
  }

  HttpRequest.Builder authed(URI uri) {
    return HttpRequest.newBuilder(uri).header("Tus-Resumable", "1.0.0")
        .header(Csrf.HEADER, CSRF).header("Cookie", Csrf.COOKIE + "=" + CSRF);
  }

  /** POST to create an upload of {@code length} bytes into {@code submission}. */
  HttpResponse<String> create(String submission, long length, String fileName) {
    String meta = "filename " + b64(fileName) + ",filetype " + b64("video/mp4") + ",submission " + b64(submission);
    return send(authed(endpoint).header("Upload-Length", Long.toString(length)).header("Upload-Metadata", meta)
        .POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** The created upload's address. */
  URI location(HttpResponse<String> created) {
    return endpoint.resolve(created.headers().firstValue("Location").orElseThrow());
  }

  HttpResponse<String> patch(URI upload, long offset, byte[] body) {
    return send(authed(upload).header("Upload-Offset", Long.toString(offset))
        .header("Content-Type", "application/offset+octet-stream")
        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** A PATCH whose body is sent chunked, without a Content-Length (so its length is unknown until it ends). */
  HttpResponse<String> patchChunked(URI upload, long offset, byte[] body) {
    return send(authed(upload).header("Upload-Offset", Long.toString(offset))
        .header("Content-Type", "application/offset+octet-stream")
        .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
  }

  HttpResponse<String> head(URI upload) {
    return send(authed(upload).method("HEAD", HttpRequest.BodyPublishers.noBody()));
  }

  HttpResponse<String> delete(URI upload) {
    return send(authed(upload).DELETE());
  }

  long offset(URI upload) {
    return Long.parseLong(head(upload).headers().firstValue("Upload-Offset").orElse("-1"));
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
