package io.evidencekit.portal;

import static io.evidencekit.portal.WebClient.form;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The portal's pages over plain HTTP (a browser without JavaScript)")
class PortalPagesTest {
  @TempDir
  java.nio.file.Path dir;
  PortalFixture portal;
  WebClient web;

  @BeforeEach
  void start() {
    portal = new PortalFixture(dir, PortalFixture.smallLimits());
    web = new WebClient(portal.base());
  }

  @AfterEach
  void stop() {
    portal.close();
  }

  private String page() {
    return "r/" + portal.token();
  }

  @Test
  @DisplayName("the request page shows the reference, the officer, the description, contact details, expiry and limits")
  void requestPage() {
    HttpResponse<String> r = web.get(page());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("Evidence Request: " + portal.request.reference())
        .contains("Invitation from Wright, D.")
        .contains(PortalFixture.DESCRIPTION)
        .contains("d.wright@kent.police.example").contains("+441622690690")
        .contains("23 May 2024 at 10:00am")
        .contains("up to 5 files").contains("Each file can be up to 2.1 MB").contains("6.3 MB")
        .contains("Kent Police")
        .contains("By selecting 'Submit', I agree that these 0 files are relevant to the incident.");
  }

  @Test
  @DisplayName("GET never changes anything, and the changing actions refuse GET")
  void getChangesNothing() {
    long before = portal.engine.custody().size();
    web.get(page());
    web.get(page() + "?s=00000000-0000-0000-0000-000000000000");
    assertThat(web.get(page() + "/submit").statusCode()).isEqualTo(405);
    assertThat(web.get(page() + "/files").statusCode()).isEqualTo(405);
    assertThat(web.get(page() + "/remove").statusCode()).isEqualTo(405);
    assertThat(web.get(page() + "/start").statusCode()).isEqualTo(405);
    assertThat(portal.engine.custody().size()).isEqualTo(before);
  }

  @Test
  @DisplayName("without JavaScript, files go up in a multipart form, can be removed, and the receipt shows their SHA-256")
  void noScriptFlow() throws Exception {
    String html = web.get(page()).body();
    String csrf = WebClient.csrf(html);
    byte[] front = "front camera footage".getBytes(StandardCharsets.UTF_8);
    byte[] door = "doorbell footage".getBytes(StandardCharsets.UTF_8);
    byte[] extra = "not relevant".getBytes(StandardCharsets.UTF_8);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("front.mp4", front);
    files.put("door.mp4", door);
    files.put("extra.mp4", extra);
    HttpResponse<String> posted = web.postFiles(page() + "/files", form("csrf", csrf, "submission", ""), files);
    assertThat(posted.statusCode()).isEqualTo(303);
    String location = posted.headers().firstValue("Location").orElseThrow();
    assertThat(location).contains("?s=");

    String listed = web.get(location.substring(1)).body();
    assertThat(listed).contains("front.mp4").contains("door.mp4").contains("extra.mp4")
        .contains("these 3 files are relevant");
    String submission = WebClient.submission(listed);
    String extraItem = itemIdBefore(listed, "extra.mp4");
    HttpResponse<String> removed = web.postForm(page() + "/remove",
        form("csrf", csrf, "submission", submission, "item", extraItem));
    assertThat(removed.statusCode()).isEqualTo(303);
    listed = web.get(removed.headers().firstValue("Location").orElseThrow().substring(1)).body();
    assertThat(listed).doesNotContain("extra.mp4").contains("these 2 files are relevant");

    HttpResponse<String> receipt = web.postForm(page() + "/submit", form("csrf", csrf, "submission", submission,
        "files", "2", "caption", "Front camera <b>and</b> doorbell", "declaration", "agreed"));
    assertThat(receipt.statusCode()).isEqualTo(200);
    assertThat(receipt.body())
        .contains("Evidence sent").contains(portal.request.reference().toString())
        .contains(sha256(front)).contains(sha256(door))
        .contains("witness statement")
        .contains("Front camera &lt;b&gt;and&lt;/b&gt; doorbell")
        .contains("I agree that these 2 files are relevant to the incident.");

    // A retried Submit (double click, reload) gets the same receipt and stores nothing twice.
    long events = portal.engine.custody().size();
    HttpResponse<String> again = web.postForm(page() + "/submit", form("csrf", csrf, "submission", submission,
        "files", "2", "declaration", "agreed"));
    assertThat(again.body()).contains(sha256(front));
    assertThat(portal.engine.custody().size()).isEqualTo(events);
  }

  @Test
  @DisplayName("submit and delete need the CSRF value: without it they are refused and nothing changes")
  void csrf() {
    String html = web.get(page()).body();
    String csrf = WebClient.csrf(html);
    HttpResponse<String> posted = web.postFiles(page() + "/files", form("csrf", csrf),
        Map.of("a.mp4", new byte[] {1, 2, 3}));
    String submission = WebClient.submission(web.get(posted.headers().firstValue("Location").orElseThrow().substring(1)).body());
    long before = portal.engine.custody().size();

    assertThat(web.postForm(page() + "/submit", form("csrf", "x".repeat(43), "submission", submission,
        "files", "1", "declaration", "agreed")).statusCode()).isEqualTo(403);
    WebClient stranger = new WebClient(portal.base()); // another site's form: the SameSite cookie is not sent
    assertThat(stranger.postForm(page() + "/submit", form("csrf", csrf, "submission", submission,
        "files", "1", "declaration", "agreed")).statusCode()).isEqualTo(403);
    assertThat(stranger.postFiles(page() + "/files", form("csrf", csrf, "submission", submission),
        Map.of("b.mp4", new byte[] {4})).statusCode()).isEqualTo(403);
    assertThat(stranger.postForm(page() + "/start", form("csrf", csrf)).statusCode()).isEqualTo(403);
    assertThat(portal.engine.custody().size()).isEqualTo(before);
    assertThat(web.get(page()).headers().allValues("Set-Cookie")).isEmpty(); // the cookie is issued once
    assertThat(WebClient.csrf(html)).isEqualTo(csrf);
    assertThat(new WebClient(portal.base()).get(page()).headers().firstValue("Set-Cookie").orElseThrow())
        .contains("HttpOnly").contains("SameSite=Strict");
  }

  @Test
  @DisplayName("mistakes are shown in a GOV.UK error summary linked to the field")
  void errorSummary() {
    String csrf = WebClient.csrf(web.get(page()).body());
    HttpResponse<String> noFile = web.postFiles(page() + "/files", form("csrf", csrf), Map.of());
    assertThat(noFile.statusCode()).isEqualTo(400);
    assertThat(noFile.body()).contains("govuk-error-summary").contains("<a href=\"#files\">Select a file to upload</a>")
        .contains("<title>Error: ");

    HttpResponse<String> posted = web.postFiles(page() + "/files", form("csrf", csrf), Map.of("a.mp4", new byte[] {1}));
    String submission = WebClient.submission(web.get(posted.headers().firstValue("Location").orElseThrow().substring(1)).body());
    HttpResponse<String> noDeclaration = web.postForm(page() + "/submit",
        form("csrf", csrf, "submission", submission, "files", "1", "caption", "kept"));
    assertThat(noDeclaration.statusCode()).isEqualTo(400);
    assertThat(noDeclaration.body()).contains("<a href=\"#declaration\">Select the declaration")
        .contains("id=\"declaration-error\"").contains(">kept</textarea>");

    HttpResponse<String> wrongCount = web.postForm(page() + "/submit",
        form("csrf", csrf, "submission", submission, "files", "3", "declaration", "agreed"));
    assertThat(wrongCount.body()).contains("The number of files has changed: there are now 1");

    HttpResponse<String> nothing = web.postForm(page() + "/submit", form("csrf", csrf, "declaration", "agreed"));
    assertThat(nothing.body()).contains("<a href=\"#files\">Select at least one file");
  }

  @Test
  @DisplayName("limits are enforced while streaming and explained: a file too big, too many files")
  void limits() {
    String csrf = WebClient.csrf(web.get(page()).body());
    HttpResponse<String> tooBig = web.postFiles(page() + "/files", form("csrf", csrf),
        Map.of("huge.mp4", new byte[(2 << 20) + 1]));
    assertThat(tooBig.statusCode()).isEqualTo(413);
    assertThat(tooBig.body()).contains("govuk-error-summary").contains("2.1 MB");

    Map<String, byte[]> six = new LinkedHashMap<>();
    for (int i = 0; i < 6; i++) {
      six.put("f" + i + ".mp4", new byte[] {(byte) i});
    }
    HttpResponse<String> tooMany = web.postFiles(page() + "/files", form("csrf", csrf), six);
    assertThat(tooMany.statusCode()).isEqualTo(413);
    assertThat(tooMany.body()).contains("You can send up to 5 files in total");
  }

  @Test
  @DisplayName("unknown links answer 404, expired and revoked ones 410, all saying to ask the officer for a new link")
  void deadLinks() {
    HttpResponse<String> unknown = web.get("r/" + "A".repeat(43));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("Ask the officer who asked you for evidence to send you a new link")
        .doesNotContain("expired").doesNotContain("A".repeat(43));
    assertThat(web.get("r/x").statusCode()).isEqualTo(404);

    String revokedToken = portal.token();
    portal.engine.officers().revokeInvitation(PortalFixture.WRIGHT, portal.request.id(), portal.invitation.invitation().id(), "sent to wrong person");
    HttpResponse<String> revoked = web.get("r/" + revokedToken);
    assertThat(revoked.statusCode()).isEqualTo(410);
    assertThat(revoked.body()).contains("new link").doesNotContain(revokedToken);

    portal.newRequest();
    portal.clock.advance(Duration.ofDays(10).plusSeconds(1));
    HttpResponse<String> expired = web.get(page());
    assertThat(expired.statusCode()).isEqualTo(410);
    assertThat(expired.body()).contains("This link has expired").contains("new link").doesNotContain(portal.token());
  }

  @Test
  @DisplayName("every response carries the security headers; HSTS only when served securely")
  void headers() {
    List<HttpResponse<String>> responses = List.of(web.get(page()), web.get("assets/govuk-frontend.min.css"),
        web.get("static/portal.js"), web.get("nowhere"), web.get("r/" + "B".repeat(43)),
        web.send(HttpRequest.newBuilder(portal.base().resolve(page() + "/uploads"))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build()));
    for (HttpResponse<String> r : responses) {
      assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow())
          .contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
      assertThat(r.headers().firstValue("Strict-Transport-Security")).isEmpty();
    }
    assertThat(web.get(page()).body()).doesNotContain("<script>").doesNotContain("onclick").doesNotContain("style=");
  }

  @Test
  @DisplayName("with the secure flag, responses carry Strict-Transport-Security and the cookie is Secure")
  void hsts(@TempDir java.nio.file.Path other) {
    try (PortalFixture secure = new PortalFixture(other, PortalFixture.smallLimits(), java.util.OptionalInt.empty(), true)) {
      HttpResponse<String> r = new WebClient(secure.base()).get("r/" + secure.token());
      assertThat(r.headers().firstValue("Strict-Transport-Security").orElseThrow()).contains("max-age=");
      assertThat(r.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure");
    }
  }

  @Test
  @DisplayName("link guessing is limited per address (failed look-ups then answer 429); the limit refills with time")
  void guessing() {
    for (int i = 0; i < 10; i++) {
      assertThat(web.get("r/" + String.format("%043d", i)).statusCode()).isEqualTo(404);
    }
    HttpResponse<String> blocked = web.get("r/" + String.format("%043d", 10));
    assertThat(blocked.statusCode()).isEqualTo(429);
    assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
    portal.clock.advance(Duration.ofSeconds(31));
    assertThat(web.get("r/" + String.format("%043d", 11)).statusCode()).isEqualTo(404);
    // A valid link costs nothing: many page loads never reach the limit.
    for (int i = 0; i < 30; i++) {
      assertThat(web.get(page()).statusCode()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("the token never appears in the access log")
  void tokenNotLogged() {
    String csrf = WebClient.csrf(web.get(page()).body());
    web.postFiles(page() + "/files", form("csrf", csrf), Map.of("a.mp4", new byte[] {1}));
    web.get("r/" + "C".repeat(43));
    assertThat(portal.accessLog).isNotEmpty().allSatisfy(line -> assertThat(line)
        .doesNotContain(portal.token()).doesNotContain("C".repeat(43)));
    assertThat(portal.accessLog).anySatisfy(line -> assertThat(line).contains("/r/***"));
  }

  @Test
  @DisplayName("hostile file names are shown escaped and visible: HTML, right-to-left override, control characters, long and reserved names")
  void hostileNames() {
    String csrf = WebClient.csrf(web.get(page()).body());
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("<img src=x onerror=alert(1)>.mp4", new byte[] {1});
    files.put("invoice\u202Egpj.exe", new byte[] {2});
    files.put("CON.mp4", new byte[] {4});
    String longName = "very-long-name-".repeat(40) + ".mp4";
    files.put(longName, new byte[] {5});
    HttpResponse<String> posted = web.postFiles(page() + "/files", form("csrf", csrf), files);
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(303);
    String html = web.get(posted.headers().firstValue("Location").orElseThrow().substring(1)).body();
    assertThat(html)
        .doesNotContain("<img src=x").contains("&lt;img src=x onerror=alert(1)&gt;.mp4")
        .doesNotContain("\u202E").contains("invoice[U+202E]gpj.exe")
        .contains("CON.mp4").contains(longName)
        .contains("<span class=\"ek-file__name\" dir=\"ltr\"><bdi>");
  }

  @Test
  @DisplayName("nothing uploaded can be fetched back: no path serves stored bytes, and asset paths cannot escape")
  void nothingServedBack() {
    String csrf = WebClient.csrf(web.get(page()).body());
    web.postFiles(page() + "/files", form("csrf", csrf), Map.of("secret.html", "<h1>SECRET-CONTENT</h1>".getBytes(StandardCharsets.UTF_8)));
    for (String path : List.of("static/../../blobs", "assets/..%2F..%2Fstaging", "static/%2e%2e/portal.js",
        "assets/fonts/../../../../META-INF/MANIFEST.MF", page() + "/uploads/x", page() + "/files")) {
      HttpResponse<String> r = web.get(path);
      assertThat(r.statusCode()).as(path).isIn(400, 404, 405, 412);
      assertThat(r.body()).doesNotContain("SECRET-CONTENT");
    }
  }

  private static String itemIdBefore(String html, String name) {
    Matcher m = Pattern.compile("data-item=\"([0-9a-f-]+)\">\\s*<span class=\"ek-file__name\" dir=\"ltr\"><bdi>"
        + Pattern.quote(name)).matcher(html);
    if (!m.find()) {
      throw new AssertionError("no item for " + name);
    }
    return m.group(1);
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
