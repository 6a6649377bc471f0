package io.evidencekit.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Cross-site requests: refused on the browser's word (Origin, Sec-Fetch-Site) even with matching double-submit values")
class CrossSiteTest {
  private static final String VALUE = "c".repeat(43);

  @TempDir
  java.nio.file.Path dir;
  PortalFixture portal;

  @AfterEach
  void stop() {
    portal.close();
  }

  private RawHttp.Answer start(String... headers) {
    String[] all = new String[headers.length + 3];
    all[0] = "Cookie: " + Csrf.COOKIE + "=" + VALUE;
    all[1] = Csrf.HEADER + ": " + VALUE;
    all[2] = "Content-Length: 0";
    System.arraycopy(headers, 0, all, 3, headers.length);
    return RawHttp.send(portal.port, RawHttp.get("POST", "/r/" + portal.token() + "/start", all));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"Sec-Fetch-Site: cross-site", "Sec-Fetch-Site: same-site", "Origin: https://evil.example",
      "Origin: http://127.0.0.1.evil.example", "Origin: http://127.0.0.1:1", "Origin: file://",
      "Origin: null\r\nSec-Fetch-Site: cross-site"})
  @DisplayName("a request another site made (its cookie and token matching) is refused with 403 and starts nothing")
  void crossSiteRefused(String header) {
    portal = new PortalFixture(dir, PortalFixture.smallLimits());
    long before = portal.engine.custody().size();
    RawHttp.Answer a = start(header);
    assertThat(a.status()).isEqualTo(403);
    assertThat(a.body()).contains("Your page has expired");
    assertThat(portal.engine.custody().size()).isEqualTo(before);
  }

  @Test
  @DisplayName("the same request from the portal's own pages is accepted (same-origin, or no such headers at all)")
  void sameOriginAccepted() {
    portal = new PortalFixture(dir, PortalFixture.smallLimits());
    String origin = "Origin: http://127.0.0.1:" + portal.port;
    assertThat(start("Sec-Fetch-Site: same-origin", origin, "Host: 127.0.0.1:" + portal.port).status()).isEqualTo(201);
    assertThat(start().status()).isEqualTo(200); // the same draft again
    assertThat(start("Sec-Fetch-Site: none").status()).isEqualTo(200);
    // What a browser sends for the portal's own form posts: its pages ask for no-referrer, so Origin is "null".
    assertThat(start("Sec-Fetch-Site: same-origin", "Origin: null").status()).isEqualTo(200);
  }

  @Test
  @DisplayName("the upload endpoint and the form posts check the origin too")
  void everyChangeChecksTheOrigin() {
    portal = new PortalFixture(dir, PortalFixture.smallLimits());
    String submission = portal.engine.publicSide().startSubmission(portal.token()).toString();
    String cookie = "Cookie: " + Csrf.COOKIE + "=" + VALUE;
    String evil = "Origin: https://evil.example";
    RawHttp.Answer tus = RawHttp.send(portal.port, RawHttp.get("POST", "/r/" + portal.token() + "/uploads", cookie,
        Csrf.HEADER + ": " + VALUE, evil, "Tus-Resumable: 1.0.0", "Upload-Length: 1", "Content-Length: 0",
        "Upload-Metadata: submission " + TusRequests.b64(submission)));
    assertThat(tus.status()).isEqualTo(403);
    for (String action : List.of("submit", "remove", "files")) {
      String body = "csrf=" + VALUE + "&submission=" + submission;
      RawHttp.Answer a = RawHttp.send(portal.port, "POST /r/" + portal.token() + "/" + action + " HTTP/1.1\r\nHost: 127.0.0.1:"
          + portal.port + "\r\n" + cookie + "\r\n" + evil + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
          + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
      assertThat(a.status()).as(action).isEqualTo(403);
    }
  }

  @Test
  @DisplayName("over TLS the cookie is __Host-ek_csrf (Secure, Path=/, no Domain), and a plain ek_csrf cookie is not accepted")
  void hostPrefixOverTls() {
    portal = new PortalFixture(dir, PortalFixture.smallLimits(), java.util.OptionalInt.empty(), true);
    RawHttp.Answer page = RawHttp.send(portal.port, RawHttp.get("GET", "/r/" + portal.token()));
    String cookie = page.header("Set-Cookie").orElseThrow();
    assertThat(cookie).startsWith(Csrf.SECURE_COOKIE + "=").contains("Secure").contains("Path=/;").contains("HttpOnly")
        .containsIgnoringCase("SameSite=Strict").doesNotContainIgnoringCase("Domain=");
    String value = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));

    RawHttp.Answer plain = RawHttp.send(portal.port, RawHttp.get("POST", "/r/" + portal.token() + "/start",
        "Cookie: " + Csrf.COOKIE + "=" + value, Csrf.HEADER + ": " + value, "Content-Length: 0"));
    assertThat(plain.status()).isEqualTo(403);
    RawHttp.Answer prefixed = RawHttp.send(portal.port, RawHttp.get("POST", "/r/" + portal.token() + "/start",
        "Cookie: " + Csrf.SECURE_COOKIE + "=" + value, Csrf.HEADER + ": " + value, "Content-Length: 0"));
    assertThat(prefixed.status()).isEqualTo(201);
  }

  @Test
  @DisplayName("over plain HTTP (development) the cookie keeps its plain name")
  void plainNameWithoutTls() {
    portal = new PortalFixture(dir, PortalFixture.smallLimits());
    RawHttp.Answer page = RawHttp.send(portal.port, RawHttp.get("GET", "/r/" + portal.token()));
    assertThat(page.header("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).startsWith(Csrf.COOKIE + "=")
        .doesNotContain("Secure"));
  }
}
