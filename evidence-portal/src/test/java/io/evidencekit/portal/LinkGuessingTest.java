package io.evidencekit.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.Limits;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Link guessing: bounded per address and overall, recorded, and never in the way of a valid link")
class LinkGuessingTest {
  @TempDir
  java.nio.file.Path dir;
  PortalFixture portal;

  @AfterEach
  void stop() {
    portal.close();
  }

  private static InetAddress loopback(int n) {
    try {
      return InetAddress.getByName("127.0.0." + n);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private int guess(InetAddress from, int n) {
    return RawHttp.send(portal.port, from, RawHttp.get("GET", "/r/" + String.format("G%042d", n))).status();
  }

  private List<CustodyEvent> guessingEvents() {
    return portal.engine.custody().events(PortalFixture.AUDITOR, 0, 10_000, "audit in a test").stream()
        .filter(e -> e.action() == CustodyAction.LINK_GUESSING_SUSPECTED).toList();
  }

  @Test
  @DisplayName("after ten bad tokens from one address, the real link holder there (a shop behind one NAT address) still gets the page and can upload")
  void validLinkNeverRefused() {
    portal = new PortalFixture(dir, PortalFixture.smallLimits());
    InetAddress shop = loopback(7);
    for (int i = 0; i < 12; i++) {
      guess(shop, i);
    }
    assertThat(guess(shop, 99)).isEqualTo(429);

    RawHttp.Answer page = RawHttp.send(portal.port, shop, RawHttp.get("GET", "/r/" + portal.token()));
    assertThat(page.status()).isEqualTo(200);

    String submission = portal.engine.publicSide().startSubmission(portal.token()).toString();
    TusRequests tus = new TusRequests(portal);
    URI upload = tus.location(tus.create(submission, 4, "door.mp4"));
    String patch = "PATCH " + upload.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\n"
        + "Content-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\nContent-Length: 4\r\n"
        + "Cookie: " + Csrf.COOKIE + "=" + TusRequests.CSRF + "\r\n" + Csrf.HEADER + ": " + TusRequests.CSRF
        + "\r\nConnection: close\r\n\r\nabcd";
    RawHttp.Answer patched = RawHttp.send(portal.port, shop, patch);
    assertThat(patched.status()).isEqualTo(204);
    assertThat(patched.header("Evidence-Sha256")).isPresent();
  }

  @Test
  @DisplayName("a blocked address cannot tell an expired or revoked link from one that never existed: all answer 429")
  void blockedAddressLearnsNothing() {
    portal = new PortalFixture(dir, PortalFixture.smallLimits());
    String revoked = portal.token();
    portal.engine.officers().revokeInvitation(PortalFixture.WRIGHT, portal.request.id(), portal.invitation.invitation().id(), "wrong person");
    InetAddress guesser = loopback(8);
    assertThat(RawHttp.send(portal.port, guesser, RawHttp.get("GET", "/r/" + revoked)).status()).isEqualTo(410);
    for (int i = 0; i < 10; i++) {
      guess(guesser, i);
    }
    RawHttp.Answer answer = RawHttp.send(portal.port, guesser, RawHttp.get("GET", "/r/" + revoked));
    assertThat(answer.status()).isEqualTo(429);
    assertThat(answer.header("Retry-After")).isPresent();
    assertThat(answer.body()).contains("Too many attempts").doesNotContain("no longer works");
  }

  @Test
  @DisplayName("guessing spread over many addresses is bounded by a global budget, and recorded once as a system custody event")
  void globalBudget() {
    portal = new PortalFixture(dir, PortalFixture.smallLimits(), b -> b.linkGuessGlobalLimit(100, Duration.ofSeconds(3)));
    List<Integer> statuses = new ArrayList<>();
    for (int a = 0; a < 15; a++) {
      for (int i = 0; i < 10; i++) {
        statuses.add(guess(loopback(20 + a), a * 10 + i));
      }
    }
    assertThat(statuses.subList(0, 100)).containsOnly(404);
    assertThat(statuses.subList(100, 150)).containsOnly(429);
    List<CustodyEvent> events = guessingEvents();
    assertThat(events).hasSize(1);
    assertThat(events.get(0).actor().id()).isEqualTo("system:portal");
    assertThat(events.get(0).requestId()).isEmpty();
    assertThat(events.get(0).details()).containsEntry("failedLookups", "101").containsEntry("addresses", "11");
    assertThat(events.get(0).details().toString()).doesNotContain("127.0.0.");
    // A valid link works from anywhere while the budget is spent.
    assertThat(RawHttp.send(portal.port, loopback(50), RawHttp.get("GET", "/r/" + portal.token())).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("the global budget refills with time; a new episode of guessing is recorded again, only after the budget was full")
  void globalBudgetRefills() {
    portal = new PortalFixture(dir, PortalFixture.smallLimits(), b -> b.linkGuessGlobalLimit(20, Duration.ofSeconds(10)));
    for (int i = 0; i < 25; i++) {
      guess(loopback(60 + i % 5), i);
    }
    assertThat(guessingEvents()).hasSize(1);
    portal.clock.advance(Duration.ofSeconds(50)); // 5 back, not yet full
    for (int i = 0; i < 10; i++) {
      guess(loopback(70 + i % 5), 100 + i);
    }
    assertThat(guessingEvents()).hasSize(1);
    portal.clock.advance(Duration.ofMinutes(10)); // full again
    assertThat(guess(loopback(80), 500)).isEqualTo(404);
    for (int i = 0; i < 25; i++) {
      guess(loopback(81 + i % 5), 600 + i);
    }
    assertThat(guessingEvents()).hasSize(2);
  }

  @Test
  @DisplayName("the limiter on its own: a failure is answerable until the address's or the global bucket is empty")
  void limiterUnit() {
    portal = new PortalFixture(dir, new Limits(1, 1, 1));
    List<TokenRateLimiter.Episode> episodes = new ArrayList<>();
    TokenRateLimiter limiter = new TokenRateLimiter(portal.clock, 2, Duration.ofSeconds(30), 3, Duration.ofMinutes(1),
        episodes::add);
    assertThat(limiter.failed("a")).isTrue();
    assertThat(limiter.failed("a")).isTrue();
    assertThat(limiter.failed("a")).isFalse(); // the address's two are used
    assertThat(limiter.failed("b")).isFalse(); // the global three are used
    assertThat(episodes).singleElement().satisfies(e -> {
      assertThat(e.failures()).isEqualTo(4);
      assertThat(e.addresses()).isEqualTo(2);
    });
    assertThat(limiter.retryAfterSeconds("b")).isBetween(1L, 61L);
    portal.clock.advance(Duration.ofMinutes(1));
    assertThat(limiter.failed("c")).isTrue();
  }
}
