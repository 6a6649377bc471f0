package io.evidencekit.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Hostile and careless requests: every answer, at every layer, is the portal's own page with its headers, never the link")
class HostileRequestsTest {
  @TempDir
  java.nio.file.Path dir;
  PortalFixture portal;
  String token;
  int sent;

  @BeforeEach
  void start() {
    portal = new PortalFixture(dir, PortalFixture.smallLimits());
    token = portal.token();
  }

  @AfterEach
  void stop() {
    portal.close();
  }

  private RawHttp.Answer send(String request) {
    sent++;
    return RawHttp.send(portal.port, request.replace("{T}", token));
  }

  /** The portal's page: its security headers, its layout, nothing of the address, no container or exception text. */
  private void assertOurs(RawHttp.Answer a) {
    assertThat(a.header("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v)
        .contains("default-src 'none'").contains("frame-ancestors 'none'"));
    assertThat(a.header("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(a.header("X-Frame-Options")).hasValue("DENY");
    assertThat(a.header("Referrer-Policy")).hasValue("no-referrer");
    assertThat(a.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    assertThat(a.body()).contains("class=\"govuk-template\"").contains("<h1 class=\"govuk-heading-l\">");
    assertThat(a.whole()).doesNotContain(token).doesNotContainIgnoringCase("jetty")
        .doesNotContain("Exception").doesNotContain("URI:").doesNotContain("CAUSED BY").doesNotContain("message/http");
  }

  /** Every request sent so far is in the access log (written just after each answer), and no line holds the token. */
  private void assertLogClean() {
    TusEndpointTest.await(() -> portal.accessLog.size() >= sent);
    assertThat(portal.accessLog).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain(token));
  }

  @Test
  @DisplayName("invalid percent-encoding in the query (?s=%zz) is ignored: the page answers, and nothing echoes the address")
  void badQuery() {
    RawHttp.Answer a = send(RawHttp.get("GET", "/r/{T}?s=%zz"));
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body()).contains("Evidence Request: " + portal.request.reference());
    assertThat(a.header("X-Frame-Options")).hasValue("DENY");
    assertLogClean();
  }

  @Test
  @DisplayName("an ambiguous path such as /r/<token>/..%2Fx answers the portal's 400 page")
  void encodedDotDot() {
    RawHttp.Answer a = send(RawHttp.get("GET", "/r/{T}/..%2Fx"));
    assertThat(a.status()).isEqualTo(400);
    assertOurs(a);
    assertLogClean();
  }

  @Test
  @DisplayName("headers over 8 KiB answer the portal's 431 page")
  void headersTooLarge() {
    RawHttp.Answer a = send(RawHttp.get("GET", "/r/{T}", "X-Padding: " + "a".repeat(9_000)));
    assertThat(a.status()).isEqualTo(431);
    assertOurs(a);
    assertThat(a.body()).contains("Sorry, that was too big to receive");
    assertLogClean();
  }

  @Test
  @DisplayName("an address too long answers the portal's 414 page")
  void uriTooLong() {
    RawHttp.Answer a = send(RawHttp.get("GET", "/r/{T}/" + "a".repeat(9_000)));
    assertThat(a.status()).isEqualTo(414);
    assertOurs(a);
  }

  @Test
  @DisplayName("a form body over the container's 200 kB form limit still gets the portal's page, never the container's")
  void formTooLarge() {
    String body = "caption=" + "a".repeat(300_000);
    RawHttp.Answer a = send("POST /r/{T}/submit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
    assertThat(a.status()).isEqualTo(403); // no CSRF cookie: refused before anything is read further
    assertOurs(a);
  }

  @Test
  @DisplayName("requests the container cannot parse (no Host, garbage, a raw non-ASCII path, %00) answer the portal's 400 page")
  void unparseable() {
    for (String request : List.of("GET /r/{T} HTTP/1.1\r\nConnection: close\r\n\r\n", "GARBAGE\r\n\r\n",
        RawHttp.get("GET", "/r/\u00e9{T}"), RawHttp.get("GET", "/r/{T}/%00"), RawHttp.get("GET", "/r/%"))) {
      RawHttp.Answer a = send(request);
      assertThat(a.status()).as(request).isEqualTo(400);
      assertOurs(a);
    }
    assertLogClean();
  }

  @Test
  @DisplayName("request smuggling shapes (Content-Length with chunked, two lengths) and oversized tus metadata answer the portal's page")
  void smugglingShapes() {
    RawHttp.Answer both = send("POST /r/{T}/submit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\n"
        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n");
    assertThat(both.status()).isEqualTo(400);
    assertOurs(both);
    RawHttp.Answer twice = send("POST /r/{T}/submit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1\r\n"
        + "Content-Length: 2\r\nConnection: close\r\n\r\nab");
    assertThat(twice.status()).isEqualTo(400);
    assertOurs(twice);
    RawHttp.Answer metadata = send(RawHttp.get("POST", "/r/{T}/uploads", "Tus-Resumable: 1.0.0", "Upload-Length: 1",
        "Upload-Metadata: filename " + "QUFB".repeat(3_000), "Content-Length: 0"));
    assertThat(metadata.status()).isEqualTo(431);
    assertOurs(metadata);
    assertLogClean();
  }

  @Test
  @DisplayName("a failure inside the portal answers its 500 page, without the exception")
  void internalFailure() {
    portal.engine.close(); // every engine call now fails with CLOSED, an internal error to the portal
    RawHttp.Answer a = send(RawHttp.get("GET", "/r/{T}"));
    assertThat(a.status()).isEqualTo(500);
    assertOurs(a);
    assertThat(a.body()).contains("Sorry, there is a problem with the service");
  }

  static Stream<Arguments> traceTargets() {
    return Stream.of("/assets/govuk-frontend.min.css", "/static/portal.js", "/r/{T}", "/r/{T}/uploads", "/",
        "/nowhere", Portal.ERROR_PAGE_PATH).map(Arguments::of);
  }

  @ParameterizedTest(name = "TRACE {0}")
  @MethodSource("traceTargets")
  @DisplayName("TRACE answers 405 everywhere and never echoes the request (or its cookies)")
  void traceNowhere(String target) {
    RawHttp.Answer a = send(RawHttp.get("TRACE", target, "Cookie: ek_csrf=secret-cookie-value"));
    assertThat(a.status()).isEqualTo(405);
    assertThat(a.header("Allow")).hasValueSatisfying(v -> assertThat(v).doesNotContain("TRACE"));
    assertOurs(a);
    assertThat(a.whole()).doesNotContain("secret-cookie-value");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"OPTIONS /r/{T}", "OPTIONS /assets/govuk-frontend.min.css", "OPTIONS /", "PUT /r/{T}",
      "DELETE /r/{T}", "PATCH /r/{T}/submit", "PROPFIND /r/{T}", "POST /assets/govuk-frontend.min.css",
      "DELETE /static/portal.js", "GET /r/{T}/submit", "GET /r/{T}/files", "GET /r/{T}/start", "GET /r/{T}/remove"})
  @DisplayName("each route answers only the methods it needs: anything else is 405 with Allow")
  void methodsPerRoute(String line) {
    String[] parts = line.split(" ");
    RawHttp.Answer a = send(RawHttp.get(parts[0], parts[1], "Content-Length: 0"));
    assertThat(a.status()).isEqualTo(405);
    assertThat(a.header("Allow")).isPresent();
    assertOurs(a);
  }

  @Test
  @DisplayName("CONNECT is refused (400 or 405) with the portal's page")
  void connect() {
    for (String target : List.of("/r/{T}", "127.0.0.1:80")) {
      RawHttp.Answer a = send(RawHttp.get("CONNECT", target));
      assertThat(a.status()).as(target).isIn(400, 405);
      assertOurs(a);
    }
    assertLogClean();
  }

  @Test
  @DisplayName("OPTIONS * answers the portal's page")
  void optionsStar() {
    RawHttp.Answer a = send(RawHttp.get("OPTIONS", "*"));
    assertThat(a.status()).isIn(400, 404, 405);
    assertOurs(a);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/%72/{T}", "/r;x=1/{T}", "/R/{T}", "/r//{T}", "/r/./{T}", "/./r/{T}", "/r/{T};jsessionid=1",
      "/r/%2e/{T}", "/r/{T}/%2e%2e/", "/r/%7B{T}", "/r/{T}/uploads/..", "/r/x/../{T}", "/%2572/{T}", "/r/{T}%20",
      "/r/{T}/.", "/r%2F{T}", "/r\\{T}"})
  @DisplayName("non-canonical spellings of a link never open it, answer the portal's page and log no token")
  void nonCanonicalPaths(String path) {
    RawHttp.Answer a = send(RawHttp.get("GET", path));
    assertThat(a.status()).isIn(400, 404);
    assertOurs(a);
    assertLogClean();
  }

  @Test
  @DisplayName("GET /r/<token>/ (a trailing slash) redirects to the page's one address, keeping a valid ?s=")
  void trailingSlash() {
    RawHttp.Answer a = send(RawHttp.get("GET", "/r/{T}/"));
    assertThat(a.status()).isEqualTo(301);
    assertThat(a.header("Location")).hasValue("/r/" + token);
    String draft = "0a1b2c3d-0000-4000-8000-000000000000";
    assertThat(send(RawHttp.get("GET", "/r/{T}/?s=" + draft)).header("Location")).hasValue("/r/" + token + "?s=" + draft);
    assertThat(send(RawHttp.get("GET", "/r/{T}/?s=%zz<script>")).header("Location")).hasValue("/r/" + token);
    assertThat(send(RawHttp.get("HEAD", "/r/{T}/")).status()).isEqualTo(301);
    assertThat(send(RawHttp.get("GET", "/r/" + "D".repeat(43) + "/")).status()).isEqualTo(404);
    assertLogClean();
  }

  @Test
  @DisplayName("the error page's own address, asked for directly, is just a 404")
  void errorPageDirectly() {
    RawHttp.Answer a = send(RawHttp.get("GET", Portal.ERROR_PAGE_PATH));
    assertThat(a.status()).isEqualTo(404);
    assertOurs(a);
  }

  @Test
  @DisplayName("unknown paths under every prefix answer the portal's 404 page (asset names cannot escape the jars)")
  void unknownPaths() {
    for (String path : List.of("/r/", "/r", "/assets/../../etc/passwd", "/static/nothing.js", "/assets/x.exe",
        "/r/{T}/uploads/a/b", "/r/{T}/files/x", "/WEB-INF/web.xml", "/META-INF/MANIFEST.MF")) {
      RawHttp.Answer a = send(RawHttp.get("GET", path));
      assertThat(a.status()).as(path).isIn(400, 404);
      assertOurs(a);
    }
  }

  @Test
  @DisplayName("the access log masks the token in every spelling of a path, and never logs the query")
  void logMasking() {
    assertThat(MaskingRequestLog.mask("/r/" + token)).isEqualTo("/r/***");
    assertThat(MaskingRequestLog.mask("/r/" + token + "/uploads/AbCdEfGhIjKlMnOpQrStUv")).isEqualTo("/r/***/uploads/***");
    assertThat(MaskingRequestLog.mask("/%72/" + token)).isEqualTo("/***/***");
    assertThat(MaskingRequestLog.mask("/r;x=1/" + token)).isEqualTo("/***/***");
    assertThat(MaskingRequestLog.mask("/R/" + token)).isEqualTo("/***/***");
    assertThat(MaskingRequestLog.mask("/r//" + token)).isEqualTo("/r//***");
    assertThat(MaskingRequestLog.mask("/r/" + token.toLowerCase(java.util.Locale.ROOT) + "X")).isEqualTo("/r/***");
    assertThat(MaskingRequestLog.mask("/assets/fonts/light-94a07e06a1-v2.woff2")).isEqualTo("/assets/fonts/light-94a07e06a1-v2.woff2");
    for (String path : List.of("/%72/{T}", "/r;x=1/{T}", "/R/{T}", "/r//{T}", "/r/{T}?s=1", "/r/{T}/uploads")) {
      send(RawHttp.get("GET", path));
    }
    assertLogClean();
    assertThat(portal.accessLog).noneSatisfy(line -> assertThat(line).contains("?"));
  }
}
